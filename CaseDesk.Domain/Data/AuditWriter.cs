using System.Reflection;
using System.Text.Json;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CaseDesk.Domain.Data;

/// <summary>Turns the tracked changes of a save into audit rows and stamps version, time and author.</summary>
internal static class AuditWriter
{
    private static readonly HashSet<string> Bookkeeping =
        [nameof(Entity.Version), nameof(Entity.CreatedAtUtc), nameof(Entity.CreatedBy), nameof(Entity.UpdatedAtUtc), nameof(Entity.UpdatedBy)];

    public static List<PendingAudit> Capture(CaseDeskDbContext db, DateTime now, bool auditInserts)
    {
        var pending = new List<PendingAudit>();
        foreach (var entry in db.ChangeTracker.Entries<Entity>().ToList())
        {
            // A verb that only added a child row (an interim contact) still changes the aggregate:
            // bump its version (so a concurrent edit is caught) and audit the note.
            if (entry.State == EntityState.Unchanged && entry.Entity.HasAuditNote)
            {
                entry.Property(e => e.Version).IsModified = true;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.StampCreated(now, db.Actor.AuditName);
                    if (auditInserts)
                    {
                        pending.Add(new PendingAudit(entry, AuditActions.Created, Describe(entry, added: true), entry.Entity.TakeAuditNote()));
                    }

                    break;
                case EntityState.Modified:
                    var changes = Describe(entry, added: false);
                    if (changes.Count == 0 && !entry.Entity.HasAuditNote)
                    {
                        entry.State = EntityState.Unchanged;
                        continue;
                    }

                    entry.Entity.StampUpdated(now, db.Actor.AuditName);
                    var action = changes.ContainsKey("Status") || changes.ContainsKey("State") ? AuditActions.StateChanged : AuditActions.Updated;
                    pending.Add(new PendingAudit(entry, action, changes, entry.Entity.TakeAuditNote()));
                    break;
                case EntityState.Deleted:
                    pending.Add(new PendingAudit(entry, AuditActions.Deleted, [], entry.Entity.TakeAuditNote()));
                    break;
            }
        }

        return pending;
    }

    public static string EntityTypeName(Type type) => type.Name;

    public static string DisplayName(MemberInfo member) =>
        member.GetCustomAttribute<AuditDisplayNameAttribute>()?.Name ?? member.Name;

    private static Dictionary<string, object?[]> Describe(EntityEntry<Entity> entry, bool added)
    {
        var result = new Dictionary<string, object?[]>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Bookkeeping.Contains(name) || property.Metadata.IsPrimaryKey() || (!added && !property.IsModified))
            {
                continue;
            }

            var before = added ? null : property.OriginalValue;
            var after = property.CurrentValue;
            if (!added && Equals(before, after))
            {
                continue;
            }

            if (added && after is null)
            {
                continue;
            }

            var isPersonal = property.Metadata.PropertyInfo?.GetCustomAttribute<PersonalDataAttribute>() is not null;
            result[name] = isPersonal
                ? [added ? null : "（個資，不記錄內容）", "（個資，不記錄內容）"]
                : [Plain(before), Plain(after)];
        }

        return result;
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    internal sealed record PendingAudit(EntityEntry<Entity> Entry, string Action, Dictionary<string, object?[]> Changes, string? Note)
    {
        private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public AuditEntry ToEntry(DateTime now, Actor actor)
        {
            var type = Entry.Entity.GetType();
            var typeName = type.GetCustomAttribute<AuditDisplayNameAttribute>()?.Name ?? type.Name;
            var summary = Action switch
            {
                AuditActions.Created => $"新增{typeName}",
                AuditActions.Deleted => $"刪除{typeName}",
                _ => $"修改{typeName}：" + string.Join("、", Changes.Keys.Select(k => type.GetProperty(k) is { } property ? DisplayName(property) : k)),
            };
            if (Note is { Length: > 0 })
            {
                summary = Action == AuditActions.Updated || Action == AuditActions.StateChanged ? Note : $"{summary}：{Note}";
            }

            return AuditEntry.Create(now, actor.UserId, actor.AuditName, EntityTypeName(type), Entry.Entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Action, summary, JsonSerializer.Serialize(Changes, Json));
        }
    }
}
