using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>
/// Per-connection SQLite settings: wait for a busy writer instead of failing at once, and enforce
/// foreign keys. WAL (set once, it persists in the file) lets readers run beside the writer.
/// </summary>
internal sealed class SqlitePragmas(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
