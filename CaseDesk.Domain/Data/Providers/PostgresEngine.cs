using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>PostgreSQL: one database shared by several CaseDesk servers (and Hangfire, in its own schema).</summary>
internal sealed class PostgresEngine : DatabaseEngine
{
    private readonly NpgsqlConnectionStringBuilder _settings;

    public PostgresEngine(string connectionString)
    {
        try
        {
            _settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationProblem($"PostgreSQL 連線字串 ConnectionStrings:CaseDesk 無法解讀：{ex.Message} (invalid PostgreSQL connection string)");
        }

        if (string.IsNullOrWhiteSpace(_settings.Host) || string.IsNullOrWhiteSpace(_settings.Database))
        {
            throw new ConfigurationProblem("PostgreSQL 連線字串 ConnectionStrings:CaseDesk 必須有 Host 與 Database，例如 Host=127.0.0.1;Database=casedesk;Username=casedesk。 (Host and Database are required.)");
        }

        ConnectionString = _settings.ConnectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ConnectionString { get; }

    public string Database => _settings.Database!;

    public override string Target => $"PostgreSQL {_settings.Host}:{_settings.Port}/{_settings.Database}";

    internal override void AddServices(IServiceCollection services)
    {
        services.AddDbContextFactory<PostgresCaseDeskDbContext>((sp, options) => options
            .UseNpgsql(ConnectionString)
            .ConfigureWarnings(QuietConnectionErrors)
            .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddSingleton<IDbContextFactory<CaseDeskDbContext>>(sp => new Upcast<PostgresCaseDeskDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresCaseDeskDbContext>>()));
        services.TryAddSingleton<Common.IChangeNotifier>(sp => new PostgresChangeNotifier(ConnectionString, sp.GetService<ILogger<PostgresChangeNotifier>>()));
    }

    /// <summary>A session-level advisory lock on its own connection, released (with the connection) when disposed.</summary>
    public override async Task<IAsyncDisposable> AcquireStartupLockAsync(CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            try
            {
                await connection.OpenAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == InvalidCatalogName)
            {
                // A first start on an empty server: the database is made here (the migrations fill it).
                await CreateDatabaseAsync(ct);
                await connection.OpenAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState is InvalidPassword or InvalidAuthorization)
            {
                // Retrying cannot help: a setting to correct, stated once, and start-up stops (like a wrong provider name).
                throw new ConfigurationProblem(
                    $"PostgreSQL {_settings.Host}:{_settings.Port} 拒絕使用者「{_settings.Username}」登入（{ex.SqlState}：密碼錯誤、帳號不存在或 pg_hba.conf 不允許）；請檢查 ConnectionStrings:CaseDesk 的 Username 與 Password。" +
                    $" (PostgreSQL at {_settings.Host}:{_settings.Port} refused user '{_settings.Username}': wrong password, unknown user or not allowed by pg_hba.conf; check Username and Password in ConnectionStrings:CaseDesk.)");
            }

            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", StartupLockKey);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(_settings.Database!)}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == DuplicateDatabase)
        {
            // Another server made it a moment ago.
        }
        catch (PostgresException ex) when (!IsUnavailableError(ex))
        {
            // No right to create it (42501), or no maintenance database to do it from: the operator has to make it.
            throw new ConfigurationProblem(
                $"PostgreSQL {_settings.Host}:{_settings.Port} 上沒有資料庫「{_settings.Database}」（3D000），使用者「{_settings.Username}」也無法建立它（{ex.SqlState}：{ex.MessageText}）；請建立資料庫或更正 ConnectionStrings:CaseDesk 的 Database。" +
                $" (Database '{_settings.Database}' does not exist on PostgreSQL at {_settings.Host}:{_settings.Port} and user '{_settings.Username}' cannot create it; create it or correct Database in ConnectionStrings:CaseDesk.)");
        }
    }

    private const string InvalidCatalogName = "3D000";
    private const string DuplicateDatabase = "42P04";
    private const string InvalidPassword = "28P01";
    private const string InvalidAuthorization = "28000";

    /// <summary>An arbitrary constant: "CaseDesk" start-up, for pg_advisory_lock.</summary>
    private const long StartupLockKey = 0x43617365_4465736B;

    public override bool IsUnavailable(Exception ex) => IsUnavailableError(ex);

    public static new bool IsUnavailableError(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // 08: connection exception; 57P01-57P03: the server is shutting down, crashed or starting; 53300: too many connections.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException npgsql:
                    return npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException;
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>pg_dump</c> in the custom format: consistent while CaseDesk runs (one snapshot), restored by <c>pg_restore</c>.</summary>
    public override Task BackupAsync(string file, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", target, "--dbname", _settings.Database!], ct);
    }

    /// <summary>Drops and re-creates the database, then loads the dump into it: afterwards it holds exactly what the backup held.</summary>
    public override async Task RestoreAsync(string file, CancellationToken ct = default)
    {
        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup))
        {
            throw new ConfigurationProblem($"找不到備份檔 {backup}。 (Backup file not found.)");
        }

        ClearPools();
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await connection.OpenAsync(ct);
            var name = new NpgsqlCommandBuilder().QuoteIdentifier(_settings.Database!);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        await RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", _settings.Database!, backup], ct);
    }

    public override void ClearPools() => NpgsqlConnection.ClearAllPools();

    /// <summary>Runs a PostgreSQL client program with the connection's host, port, user and password (the password through the environment, never the command line).</summary>
    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(FindProgram(program)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--host");
        start.ArgumentList.Add(_settings.Host!);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(_settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(_settings.Username))
        {
            start.ArgumentList.Add("--username");
            start.ArgumentList.Add(_settings.Username);
        }

        start.ArgumentList.Add("--no-password");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(_settings.Password))
        {
            start.Environment["PGPASSWORD"] = _settings.Password;
        }

        using var process = Process.Start(start) ?? throw new ConfigurationProblem($"無法執行 {program}。");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new ConfigurationProblem($"{program} 失敗（結束代碼 {process.ExitCode}）：{(await stderr).Trim()}");
        }
    }

    /// <summary>The program on PATH, or the newest one Debian installs under /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
    private static string FindProgram(string program)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string debian = "/usr/lib/postgresql";
        var versioned = Directory.Exists(debian)
            ? Directory.GetDirectories(debian).Select(d => Path.Combine(d, "bin", program)).Where(File.Exists).OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return versioned ?? throw new ConfigurationProblem($"找不到 {program}：請安裝 PostgreSQL 用戶端程式（Debian：apt-get install postgresql-client）。 ({program} not found.)");
    }
}
