namespace CaseDesk.Domain.Data;

/// <summary>
/// One form submission that created something, under the key the form chose when it opened. Saved in the same
/// transaction as what it created, so a clerk who presses 儲存 again after the connection dropped during the commit
/// (the first press may or may not have been saved) cannot create the record twice: the second save finds the key
/// taken and is told what the first one created.
/// </summary>
public sealed class Submission
{
    public const int EntityTypeMaxLength = 64;
    public const int EntityIdMaxLength = 64;

    public Guid Key { get; init; }

    public string EntityType { get; init; } = "";

    public string EntityId { get; init; } = "";

    public string UserId { get; init; } = "";

    public DateTime AtUtc { get; init; }
}

/// <summary>
/// The submission a save belongs to, for the duration of one form's save call (it flows with the call's async
/// context into the domain service's SaveChanges). Only saves that add rows record it.
/// </summary>
public sealed class SubmissionScope : IDisposable
{
    private static readonly AsyncLocal<SubmissionScope?> Ambient = new();
    private readonly SubmissionScope? _outer;

    private SubmissionScope(Guid key, Type creates)
    {
        Key = key;
        Creates = creates;
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    public Guid Key { get; }

    /// <summary>The entity type the form creates: the first one of it a save adds is what the submission records.</summary>
    public Type Creates { get; }

    /// <summary>Whether the first context opened in this scope looked for an earlier save under the key.</summary>
    internal bool Checked { get; set; }

    /// <summary>Whether a save in this scope has written the submission row (the first save that added rows).</summary>
    internal bool Recorded { get; set; }

    internal static SubmissionScope? Current => Ambient.Value;

    public static SubmissionScope Begin<TEntity>(Guid key)
        where TEntity : Common.Entity => new(key, typeof(TEntity));

    public void Dispose() => Ambient.Value = _outer;
}

/// <summary>The submission was saved before (its key is taken): nothing was saved again.</summary>
public sealed class DuplicateSubmissionException(Guid key, string entityType, string entityId)
    : Exception($"Submission {key} was already saved as {entityType} {entityId}.")
{
    public Guid Key { get; } = key;

    public string EntityType { get; } = entityType;

    public string EntityId { get; } = entityId;
}
