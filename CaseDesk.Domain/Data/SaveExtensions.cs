using CaseDesk.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

internal static class SaveExtensions
{
    /// <summary>Saves; a concurrent edit becomes a "changed by someone else at … — reload" result instead of an exception.</summary>
    public static async Task<Result> SaveOrConflictAsync(this CaseDeskDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success();
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var entry = ex.Entries.FirstOrDefault();
            var current = entry is null ? null : await entry.GetDatabaseValuesAsync(ct);
            return Result.Fail(ConcurrencyConflict.Error(
                current?.GetValue<DateTime>(nameof(Entity.UpdatedAtUtc)),
                current?.GetValue<string>(nameof(Entity.UpdatedBy))));
        }
    }
}
