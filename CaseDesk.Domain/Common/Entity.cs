namespace CaseDesk.Domain.Common;

/// <summary>
/// Base of every stored aggregate. <see cref="Version"/> is the optimistic-concurrency token:
/// the context bumps it on every update, so a second writer holding an older version is refused.
/// </summary>
public abstract class Entity
{
    public int Id { get; protected set; }

    public int Version { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTime UpdatedAtUtc { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    private string? _auditNote;

    /// <summary>
    /// What this change means, in the words a supervisor reads in the timeline ("核定函復", "期限因颱風假順延");
    /// the audit row uses it as its summary. Several notes in one save are joined.
    /// </summary>
    protected void NoteForAudit(string note) => _auditNote = _auditNote is null ? note : $"{_auditNote}；{note}";

    internal bool HasAuditNote => _auditNote is not null;

    internal string? TakeAuditNote()
    {
        var note = _auditNote;
        _auditNote = null;
        return note;
    }

    internal void StampCreated(DateTime utcNow, string by)
    {
        CreatedAtUtc = utcNow;
        CreatedBy = by;
        UpdatedAtUtc = utcNow;
        UpdatedBy = by;
        Version = 1;
    }

    internal void StampUpdated(DateTime utcNow, string by)
    {
        UpdatedAtUtc = utcNow;
        UpdatedBy = by;
        Version++;
    }
}
