using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.ScaleOut;

/// <summary>Backup while CaseDesk runs, restore, and every record is back — on both engines.</summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public Task Sqlite_BackupAndRestore_BringsBackEveryRecord() => RoundTripAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_BackupAndRestore_BringsBackEveryRecord() => RoundTripAsync(DatabaseProvider.Postgres);

    private static async Task RoundTripAsync(DatabaseProvider provider)
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 30, engine: provider);
        var wang = TestDomain.Supervisor(domain.People!.SupervisorWang, "王建國");
        await RegisterPetitionAsync(domain, wang, "備份前的陳情");
        var engine = domain.Get<DatabaseEngine>();
        var file = Path.Combine(domain.Folder, "backup", provider == DatabaseProvider.Sqlite ? "casedesk.db" : "casedesk.dump");
        var before = await SnapshotAsync(domain.Db);

        await engine.BackupAsync(file);

        // Life goes on after the backup: a new petition, a changed case, a deleted draft-like row.
        await RegisterPetitionAsync(domain, wang, "備份後的陳情");
        var cases = domain.Get<CaseService>();
        var caseId = await FirstCaseIdAsync(domain);
        var (input, version) = (await cases.GetForEditAsync(wang, caseId)).Value;
        Assert.True((await cases.UpdateAsync(wang, caseId, version, input with { Notes = "備份後修改" })).Succeeded);
        Assert.NotEqual(before, await SnapshotAsync(domain.Db));

        await engine.RestoreAsync(file);

        var after = await SnapshotAsync(domain.Db);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (table, content) in before)
        {
            Assert.True(content == after[table], $"table {table}: {content} before the backup, {after[table]} after the restore");
        }

        Assert.Contains(before, t => t.Key == "Petitions" && t.Value.StartsWith("1 ", StringComparison.Ordinal));
        Assert.True(before["Cases"].StartsWith("30 ", StringComparison.Ordinal), before["Cases"]);
    }

    [Fact]
    public async Task Sqlite_BackupWhileWritersKeepSaving_IsAConsistentFile()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 20, engine: DatabaseProvider.Sqlite);
        var wang = TestDomain.Supervisor(domain.People!.SupervisorWang, "王建國");
        var file = Path.Combine(domain.Folder, "backup", "online.db");
        using var stop = new CancellationTokenSource();
        var saved = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await RegisterPetitionAsync(domain, wang, "備份進行中");
                Interlocked.Increment(ref saved);
            }
        });
        await PostgresServersTests.WaitUntilAsync(() => Volatile.Read(ref saved) >= 3, TimeSpan.FromSeconds(20), "the writer saving");
        var savedBefore = Volatile.Read(ref saved);

        await domain.Get<DatabaseEngine>().BackupAsync(file);
        var savedAfter = Volatile.Read(ref saved);
        await stop.CancelAsync();
        await writer;

        await using var backup = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await backup.OpenAsync();
        await using var check = backup.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
        check.CommandText = "SELECT COUNT(*) FROM \"Petitions\";";
        var inBackup = Convert.ToInt32(await check.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(inBackup, savedBefore, savedAfter + 1);
    }

    private static async Task RegisterPetitionAsync(TestDomain domain, Actor supervisor, string subject)
    {
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Id == domain.People!.ClerkLin);
        var result = await domain.Get<PetitionService>().RegisterAsync(supervisor, new PetitionInput
        {
            Channel = PetitionChannel.Email, ReceivedOn = domain.Today, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = subject, Content = "內容", UnitId = lin.UnitId, HandlerId = lin.Id,
        });
        Assert.True(result.Succeeded, result.ToString());
    }

    private static async Task<int> FirstCaseIdAsync(TestDomain domain)
    {
        await using var db = await domain.Db.OpenReadOnlyAsync();
        return await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    /// <summary>Every table of the model (and the migrations history): its row count and a hash of every row's values.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(CaseDeskDbFactory dbFactory)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append("__EFMigrationsHistory").Distinct().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var values = new object[reader.FieldCount];
                    reader.GetValues(values);
                    rows.Add(string.Join("\u001f", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
                }
            }

            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001e", rows))))[..16];
            snapshot[table] = $"{rows.Count} rows {hash}";
        }

        return snapshot;
    }
}
