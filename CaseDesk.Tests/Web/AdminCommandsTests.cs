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
}
