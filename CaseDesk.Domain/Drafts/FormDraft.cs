using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Drafts;

/// <summary>
/// The unsaved input of a long form (a petition, an installment application with its statement record),
/// kept per user so a dropped connection or a closed tab loses nothing.
/// </summary>
public sealed class FormDraft
{
    public const int KeyMaxLength = 100;
    public const int MaxJsonLength = 64 * 1024;

    private FormDraft()
    {
    }

    public int Id { get; private set; }

    public string UserId { get; private set; } = "";

    public string FormKey { get; private set; } = "";

    public string Json { get; private set; } = "";

    public DateTime SavedAtUtc { get; private set; }

    internal static FormDraft Create(string userId, string formKey) => new() { UserId = userId, FormKey = formKey };

    internal void Set(string json, DateTime atUtc)
    {
        Json = json;
        SavedAtUtc = atUtc;
    }
}

public sealed record DraftView(string Json, DateTime SavedAtUtc);

public sealed class DraftService(CaseDeskDbFactory dbFactory)
{
    public async Task SaveAsync(Actor actor, string formKey, string json, CancellationToken ct = default)
    {
        if (json.Length > FormDraft.MaxJsonLength || formKey.Length > FormDraft.KeyMaxLength)
        {
            return;
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var draft = await db.FormDrafts.SingleOrDefaultAsync(d => d.UserId == actor.UserId && d.FormKey == formKey, ct);
        if (draft is null)
        {
            draft = FormDraft.Create(actor.UserId, formKey);
            db.FormDrafts.Add(draft);
        }

        draft.Set(json, dbFactory.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    public async Task<DraftView?> GetAsync(Actor actor, string formKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.FormDrafts.Where(d => d.UserId == actor.UserId && d.FormKey == formKey)
            .Select(d => new DraftView(d.Json, d.SavedAtUtc)).SingleOrDefaultAsync(ct);
    }

    public async Task DeleteAsync(Actor actor, string formKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        await db.FormDrafts.Where(d => d.UserId == actor.UserId && d.FormKey == formKey).ExecuteDeleteAsync(ct);
    }
}
