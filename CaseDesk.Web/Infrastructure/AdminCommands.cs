using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Reference;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace CaseDesk.Web.Infrastructure;

/// <summary>
/// <c>create-user</c>: how the first admin (and any user before the admin pages exist) is made in
/// production, where no default password exists. The password comes from CASEDESK_NEW_PASSWORD or a prompt.
/// </summary>
internal static class AdminCommands
{
    private const string CreateUser = "create-user";
    private const string Backup = "backup";
    private const string Restore = "restore";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is CreateUser or Backup or Restore;

    public static Task<int> RunAsync(string[] args) => args[0] switch
    {
        Backup => BackupAsync(args),
        Restore => RestoreAsync(args),
        _ => CreateUserAsync(args),
    };

    /// <summary>
    /// <c>backup --to &lt;file&gt;</c>: a consistent copy of the whole database while CaseDesk keeps running (SQLite's
    /// online backup, or pg_dump). Hangfire's SQLite job file is not included: jobs are re-registered at start-up.
    /// </summary>
    private static async Task<int> BackupAsync(string[] args)
    {
        var options = ParseOptions(args.Skip(1).ToArray(), out var hostArgs);
        if (!options.TryGetValue("to", out var file))
        {
            await Console.Error.WriteLineAsync("用法：backup --to <備份檔>");
            return 2;
        }

        var engine = EngineOf(hostArgs);
        await engine.BackupAsync(file);
        Console.WriteLine($"已備份 {engine.Target} 到 {Path.GetFullPath(file)}（{new FileInfo(file).Length:N0} bytes）。");
        return 0;
    }

    /// <summary><c>restore --from &lt;file&gt;</c>: replaces the database with a backup. Stop every CaseDesk server first.</summary>
    private static async Task<int> RestoreAsync(string[] args)
    {
        var options = ParseOptions(args.Skip(1).ToArray(), out var hostArgs);
        if (!options.TryGetValue("from", out var file))
        {
            await Console.Error.WriteLineAsync("用法：restore --from <備份檔>（請先停止所有 CaseDesk 伺服器）");
            return 2;
        }

        var engine = EngineOf(hostArgs);
        await engine.RestoreAsync(file);
        Console.WriteLine($"已由 {Path.GetFullPath(file)} 還原 {engine.Target}；重新啟動 CaseDesk 即可使用。");
        return 0;
    }

    /// <summary>The configured engine, read the way the app reads its settings (appsettings.json, environment, arguments).</summary>
    private static DatabaseEngine EngineOf(string[] hostArgs)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.UseProgramFolderAppSettings();
        var connectionString = builder.Configuration.GetConnectionString(CaseDeskWebSetup.ConnectionStringName)
            ?? throw new ConfigurationProblem($"appsettings.json 缺少 ConnectionStrings:{CaseDeskWebSetup.ConnectionStringName}。");
        return DatabaseEngine.Create(builder.Configuration, connectionString, builder.Environment.ContentRootPath);
    }

    private static async Task<int> CreateUserAsync(string[] args)
    {
        var options = ParseOptions(args.Skip(1).ToArray(), out var hostArgs);
        if (!options.TryGetValue("user", out var userName) || !options.TryGetValue("name", out var displayName) || !options.TryGetValue("role", out var role))
        {
            await Console.Error.WriteLineAsync("用法：create-user --user <帳號> --name <姓名> --role <Clerk|Supervisor|DutyOfficer|Admin> [--unit <股別號碼>] [--title <職稱>] [--staff-id <人員編號>] [--email <信箱>]");
            return 2;
        }

        if (!Roles.All.Contains(role))
        {
            await Console.Error.WriteLineAsync($"角色「{role}」不存在；可用：{string.Join(", ", Roles.All)}");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable("CASEDESK_NEW_PASSWORD") ?? ReadPassword();
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.AddCaseDeskWeb();
        await using var app = builder.Build();
        if (!await app.InitializeCaseDeskAsync())
        {
            await Console.Error.WriteLineAsync("無法建立帳號：" + app.Services.GetRequiredService<DatabaseReadiness>().Problem);
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var reference = scope.ServiceProvider.GetRequiredService<ReferenceDataService>();
        if (await users.FindByNameAsync(userName) is not null)
        {
            await Console.Error.WriteLineAsync($"帳號 {userName} 已存在。");
            return 1;
        }

        // Every sign-in acts for a staff member: the unit decides which cases a clerk may change.
        int staffId;
        if (options.TryGetValue("staff-id", out var staffText))
        {
            if (!int.TryParse(staffText, System.Globalization.CultureInfo.InvariantCulture, out staffId) || !await reference.StaffExistsAsync(staffId))
            {
                await Console.Error.WriteLineAsync($"人員編號 {staffText} 不存在。");
                return 2;
            }
        }
        else
        {
            var title = options.TryGetValue("title", out var titleText) && Enum.TryParse<StaffTitle>(titleText, ignoreCase: true, out var t) ? t : DefaultTitle(role);
            int? unit = options.TryGetValue("unit", out var unitText) && int.TryParse(unitText, System.Globalization.CultureInfo.InvariantCulture, out var u) ? u : null;
            var staff = await reference.CreateStaffAsync(Actor.System, displayName, title, unit, options.GetValueOrDefault("email"));
            if (!staff.Succeeded)
            {
                await Console.Error.WriteLineAsync("無法建立人員資料：" + staff.Errors[0].Message);
                return 2;
            }

            staffId = staff.Value;
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName, Email = options.GetValueOrDefault("email"), StaffMemberId = staffId };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync("無法建立帳號：" + string.Join("；", created.Errors.Select(e => e.Description)));
            return 1;
        }

        var granted = await users.AddToRoleAsync(user, role);
        if (!granted.Succeeded)
        {
            await users.DeleteAsync(user);
            await Console.Error.WriteLineAsync("無法設定角色，帳號未建立：" + string.Join("；", granted.Errors.Select(e => e.Description)));
            return 1;
        }

        await reference.AuditAccountAsync(Actor.System, userName, $"以 create-user 建立帳號 {userName}（{displayName}，{Roles.DisplayName(role)}）");
        Console.WriteLine($"已建立帳號 {userName}（{displayName}，{Roles.DisplayName(role)}）。");
        return 0;
    }

    private static StaffTitle DefaultTitle(string role) => role switch
    {
        Roles.Clerk => StaffTitle.Clerk,
        Roles.Supervisor => StaffTitle.ChiefOfficer,
        Roles.DutyOfficer => StaffTitle.DutyOfficer,
        _ => StaffTitle.Administrator,
    };

    private static Dictionary<string, string> ParseOptions(string[] args, out string[] rest)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i].TrimStart('-');
            if (args[i].StartsWith("--", StringComparison.Ordinal) && key is "user" or "name" or "role" or "staff-id" or "email" or "unit" or "title" or "to" or "from" && i + 1 < args.Length)
            {
                options[key] = args[++i];
            }
            else
            {
                others.Add(args[i]);
            }
        }

        rest = others.ToArray();
        return options;
    }

    private static string ReadPassword()
    {
        Console.Write("新帳號的密碼（至少 12 字元）：");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
