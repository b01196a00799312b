using System.Data.Common;
using CaseDesk.Domain.Data.Providers;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseDesk.Benchmarks;

/// <summary>The baseline side: the raw ADO.NET provider of the engine, with the connection settings CaseDesk uses.</summary>
internal sealed class RawSql(DatabaseEngine engine)
{
    public bool IsPostgres => engine.Provider == DatabaseProvider.Postgres;

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(engine.ConnectionString) : new SqliteConnection(engine.ConnectionString);
        await connection.OpenAsync();
        if (!IsPostgres)
        {
            // What CaseDesk's SqlitePragmas interceptor sets on each of its connections.
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        }

        return connection;
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every row and column (as the baseline must materialise what the service returns).</summary>
    public static async Task<int> ReadAllAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }

        return rows;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        return await ScalarAsync(connection, sql, parameters);
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        return await ExecuteAsync(connection, sql, parameters);
    }
}
