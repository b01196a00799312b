using System.Data.Common;
using System.Diagnostics;
using System.Text;

namespace CaseDesk.Benchmarks;

/// <summary>
/// Inserts rows through prepared ADO.NET commands inside transactions: a multi-row INSERT of
/// <see cref="RowsPerStatement"/> rows while the buffer fills, a single-row INSERT for the tail, a commit every
/// <see cref="RowsPerTransaction"/> rows. The same SQL runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class BulkWriter : IAsyncDisposable
{
    public const int RowsPerTransaction = 50_000;

    private readonly DbConnection _connection;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly bool _prepare;
    private readonly List<object?[]> _buffer = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private DbTransaction? _transaction;
    private DbCommand? _many;
    private DbCommand? _one;
    private int _sinceCommit;

    public BulkWriter(DbConnection connection, string table, string[] columns, bool prepare, int maxRowsPerStatement)
    {
        _connection = connection;
        _table = table;
        _columns = columns;
        _prepare = prepare;
        RowsPerStatement = Math.Max(1, Math.Min(maxRowsPerStatement, 30_000 / columns.Length));
    }

    public int RowsPerStatement { get; }

    public long Rows { get; private set; }

    public TimeSpan Elapsed => _watch.Elapsed;

    public async Task AddAsync(params object?[] values)
    {
        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"{_table}: {values.Length} values for {_columns.Length} columns.");
        }

        _buffer.Add(values);
        if (_buffer.Count == RowsPerStatement)
        {
            await ExecuteAsync(_many ??= await CreateAsync(RowsPerStatement), _buffer);
            _buffer.Clear();
        }
    }

    public async Task<(long Rows, TimeSpan Elapsed)> CompleteAsync()
    {
        foreach (var row in _buffer)
        {
            await ExecuteAsync(_one ??= await CreateAsync(1), [row]);
        }

        _buffer.Clear();
        if (_transaction is not null)
        {
            await _transaction.CommitAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }

        _watch.Stop();
        return (Rows, _watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_many is not null)
        {
            await _many.DisposeAsync();
        }

        if (_one is not null)
        {
            await _one.DisposeAsync();
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }

    private async Task<DbCommand> CreateAsync(int rows)
    {
        await EnsureTransactionAsync();
        var sql = new StringBuilder($"INSERT INTO \"{_table}\" ({string.Join(", ", _columns.Select(c => $"\"{c}\""))}) VALUES ");
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var name = $"@p{r}_{c}";
                sql.Append(c == 0 ? name : ", " + name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        if (_prepare)
        {
            // SQLite compiles the statement once; PostgreSQL uses Npgsql's automatic preparation instead, which
            // copes with a parameter's type changing between rows (a null, then a date).
            await command.PrepareAsync();
        }

        return command;
    }

    private async Task EnsureTransactionAsync()
    {
        if (_transaction is null)
        {
            _transaction = await _connection.BeginTransactionAsync();
            if (_many is not null)
            {
                _many.Transaction = _transaction;
            }

            if (_one is not null)
            {
                _one.Transaction = _transaction;
            }
        }
    }

    private async Task ExecuteAsync(DbCommand command, List<object?[]> rows)
    {
        await EnsureTransactionAsync();
        var i = 0;
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                command.Parameters[i++].Value = value ?? DBNull.Value;
            }
        }

        await command.ExecuteNonQueryAsync();
        Rows += rows.Count;
        _sinceCommit += rows.Count;
        if (_sinceCommit >= RowsPerTransaction)
        {
            await _transaction!.CommitAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
            _sinceCommit = 0;
        }
    }
}
