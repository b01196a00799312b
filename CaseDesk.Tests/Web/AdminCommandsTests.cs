using CaseDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CaseDesk.Tests.Web;

public sealed class AdminCommandsTests
{
    [Fact]
    public async Task CreateUser_InProduction_CreatesTheFirstAdmin_WithoutAnyDemoAccount()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-cmd-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "casedesk.db");
        Environment.SetEnvironmentVariable("CASEDESK_NEW_PASSWORD", "Taoyuan-Admin-2026");
        try
        {
            var exit = await AdminCommands.RunAsync(["create-user", "--user", "firstadmin", "--name", "陳怡君", "--role", "Admin", "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"]);
            var bad = await AdminCommands.RunAsync(["create-user", "--user", "x", "--name", "某人", "--role", "Boss", "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"]);
            var clerk = await AdminCommands.RunAsync(["create-user", "--user", "lin", "--name", "林雅婷", "--role", "Clerk", "--unit", "5", "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"]);
            var clerkWithoutUnit = await AdminCommands.RunAsync(["create-user", "--user", "nounit", "--name", "某書記官", "--role", "Clerk", "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"]);
            var unknownStaff = await AdminCommands.RunAsync(["create-user", "--user", "ghost", "--name", "某人", "--role", "Clerk", "--staff-id", "9999", "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"]);

            Assert.Equal(0, exit);
            Assert.Equal(2, bad);
            Assert.Equal(0, clerk);
            Assert.Equal(2, clerkWithoutUnit);
            Assert.Equal(2, unknownStaff);
            await using var connection = new SqliteConnection($"Data Source={db}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT u.UserName, r.Name FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            Assert.Equal([("firstadmin", "Admin"), ("lin", "Clerk")], rows.OrderBy(r => r.Item1).ToList());

            await using var unitCommand = connection.CreateCommand();
            unitCommand.CommandText = "SELECT un.Number FROM AspNetUsers u JOIN Staff s ON s.Id = u.StaffMemberId JOIN Units un ON un.Id = s.UnitId WHERE u.UserName = 'lin'";
            Assert.Equal(5L, await unitCommand.ExecuteScalarAsync());
            await using var auditCommand = connection.CreateCommand();
            auditCommand.CommandText = "SELECT COUNT(*) FROM AuditTrail WHERE EntityType = 'User'";
            Assert.Equal(2L, await auditCommand.ExecuteScalarAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("CASEDESK_NEW_PASSWORD", null);
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task BackupThenRestore_TheDocumentedCommands_BringTheDataBack()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-cmd-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "casedesk.db");
        var backup = Path.Combine(folder, "backup", "casedesk-2026-11-25.db");
        string[] Settings(params string[] command) => [.. command, "--environment", "Production", $"--ConnectionStrings:CaseDesk=Data Source={db}"];
        Environment.SetEnvironmentVariable("CASEDESK_NEW_PASSWORD", "Taoyuan-Admin-2026");
        try
        {
            Assert.Equal(0, await AdminCommands.RunAsync(Settings("create-user", "--user", "firstadmin", "--name", "陳怡君", "--role", "Admin")));
            var before = await SnapshotAsync(db);

            var backedUp = await AdminCommands.RunAsync(Settings("backup", "--to", backup));

            Assert.Equal(0, backedUp);
            Assert.True(new FileInfo(backup).Length > 0);
            // Life goes on after the backup: a new account (with its staff row and audit row), and a changed one.
            Assert.Equal(0, await AdminCommands.RunAsync(Settings("create-user", "--user", "lin", "--name", "林雅婷", "--role", "Clerk", "--unit", "5")));
            await ExecuteAsync(db, "UPDATE AspNetUsers SET DisplayName = '改過的名字' WHERE UserName = 'firstadmin'");
            Assert.NotEqual(before, await SnapshotAsync(db));

            var restored = await AdminCommands.RunAsync(Settings("restore", "--from", backup));

            Assert.Equal(0, restored);
            Assert.Equal(before, await SnapshotAsync(db));
            Assert.Contains("firstadmin 陳怡君", before);
            Assert.Equal(2, await AdminCommands.RunAsync(Settings("backup"))); // the usage line, no file named
            Assert.Equal(2, await AdminCommands.RunAsync(Settings("restore")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CASEDESK_NEW_PASSWORD", null);
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The accounts with their names, and the row counts of the tables the commands touch.</summary>
    private static async Task<string> SnapshotAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        var parts = new List<string>();
        await using (var users = connection.CreateCommand())
        {
            users.CommandText = "SELECT UserName || ' ' || DisplayName FROM AspNetUsers ORDER BY UserName";
            await using var reader = await users.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                parts.Add(reader.GetString(0));
            }
        }

        foreach (var table in new[] { "AspNetUsers", "AspNetUserRoles", "Staff", "AuditTrail" })
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            parts.Add($"{table}={await count.ExecuteScalarAsync()}");
        }

        return string.Join("; ", parts);
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
