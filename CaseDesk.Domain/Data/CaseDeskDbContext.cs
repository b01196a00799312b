using System.Data.Common;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Reference;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// The one database: casework, reference data, the audit trail, the sign-in tables and the keys that
/// protect sign-in cookies (shared by every server). Open it through <see cref="CaseDeskDbFactory"/>,
/// which tells it who is acting and what time it is; saving then bumps <see cref="Entity.Version"/> and
/// writes the audit rows in the same transaction.
/// The model is provider-neutral; each engine has a derived context (<see cref="Providers.SqliteCaseDeskDbContext"/>,
/// <see cref="Providers.PostgresCaseDeskDbContext"/>) with its own migrations and the little that differs.
/// </summary>
public abstract class CaseDeskDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<EnforcementCase> Cases => Set<EnforcementCase>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Section> Sections => Set<Section>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<ReferringAgency> Agencies => Set<ReferringAgency>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Petition> Petitions => Set<Petition>();

    public DbSet<QuarterSnapshot> QuarterSnapshots => Set<QuarterSnapshot>();

    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();

    public DbSet<InstallmentPolicy> InstallmentPolicies => Set<InstallmentPolicy>();

    public DbSet<InstallmentPlan> InstallmentPlans => Set<InstallmentPlan>();

    public DbSet<Duty.DutyPool> DutyPools => Set<Duty.DutyPool>();

    public DbSet<Duty.DutyAssignment> DutyAssignments => Set<Duty.DutyAssignment>();

    public DbSet<Duty.DutyAbsence> DutyAbsences => Set<Duty.DutyAbsence>();

    public DbSet<Duty.DutyOwedTurn> DutyOwedTurns => Set<Duty.DutyOwedTurn>();

    public DbSet<Duty.DutySwap> DutySwaps => Set<Duty.DutySwap>();

    public DbSet<Duty.LunchDutyLog> LunchDutyLogs => Set<Duty.LunchDutyLog>();

    public DbSet<Duty.DutyFeedToken> DutyFeedTokens => Set<Duty.DutyFeedToken>();

    public DbSet<Calls.AfterHoursCall> AfterHoursCalls => Set<Calls.AfterHoursCall>();

    public DbSet<Referrals.WelfarePartner> WelfarePartners => Set<Referrals.WelfarePartner>();

    public DbSet<Referrals.Referral> Referrals => Set<Referrals.Referral>();

    public DbSet<ServiceQuality.VisitorSurvey> VisitorSurveys => Set<ServiceQuality.VisitorSurvey>();

    public DbSet<ServiceQuality.SurveyFollowUp> SurveyFollowUps => Set<ServiceQuality.SurveyFollowUp>();

    public DbSet<ServiceQuality.PhoneSpotCheck> PhoneSpotChecks => Set<ServiceQuality.PhoneSpotCheck>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<NumberSeries> NumberSeries => Set<NumberSeries>();

    public DbSet<Submission> Submissions => Set<Submission>();

    /// <summary>Whether <paramref name="ex"/> is the unique index over <paramref name="property"/> of <typeparamref name="T"/> refusing a duplicate.</summary>
    internal bool IsUniqueViolation<T>(DbUpdateException ex, string property)
    {
        var entity = Model.FindEntityType(typeof(T)) ?? throw new DomainException($"{typeof(T).Name} is not mapped.");
        var index = entity.GetIndexes().SingleOrDefault(i => i.IsUnique && i.Properties.Count == 1 && i.Properties[0].Name == property)
            ?? throw new DomainException($"{typeof(T).Name}.{property} has no unique index.");
        return IsUniqueViolation(ex, entity.GetTableName() ?? typeof(T).Name, index.Properties[0].GetColumnName(), index.GetDatabaseName() ?? "");
    }

    /// <summary>How this engine reports a unique index refusing a row.</summary>
    protected abstract bool IsUniqueViolation(DbUpdateException ex, string table, string column, string indexName);

    internal Actor Actor { get; set; } = Actor.System;

    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    internal IChangeNotifier? Notifier { get; set; }

    private readonly HashSet<string> _changedTypes = [];

    /// <summary>
    /// Off for bulk loads (shipped calendar, imports, demo data) that write one summary row instead of
    /// one row per inserted record. Changes to existing rows are always audited.
    /// </summary>
    internal bool AuditInserts { get; set; } = true;

    /// <summary>
    /// Makes the next save of <paramref name="entity"/> succeed only if nobody saved it since the user
    /// loaded <paramref name="expectedVersion"/>.
    /// </summary>
    public void ExpectVersion(Entity entity, int expectedVersion) =>
        Entry(entity).Property(e => e.Version).OriginalValue = expectedVersion;

    /// <summary>Records something that is not a change of a row, such as viewing a full national ID.</summary>
    public void AddAudit(string entityType, object entityId, string action, string summary) =>
        AuditEntries.Add(AuditEntry.Create(Clock.GetUtcNow().UtcDateTime, Actor.UserId, Actor.AuditName, entityType, Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "", action, summary));

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var now = Clock.GetUtcNow().UtcDateTime;
        RefuseAuditTampering();
        var pending = AuditWriter.Capture(this, now, AuditInserts);

        foreach (var entry in ChangeTracker.Entries<Entity>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            _changedTypes.Add(entry.Entity.GetType().Name);
        }

        // A form's submission that creates something is recorded with it (see Submission): the first entity it adds.
        var submission = SubmissionScope.Current is { Recorded: false } scope ? scope : null;
        var created = submission is null ? null : ChangeTracker.Entries<Entity>().FirstOrDefault(e => e.State == EntityState.Added && e.Entity.GetType() == submission.Creates)?.Entity;
        if (created is null)
        {
            submission = null;
        }

        if (pending.Count == 0 && submission is null)
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            PublishIfCommitted();
            return written;
        }

        // New rows get their keys on the first save; their audit rows follow in the same transaction.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // Accept the first save so the second one only inserts the audit rows (their keys are known now).
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            AuditEntries.AddRange(pending.Select(p => p.ToEntry(now, Actor)));
            if (submission is not null)
            {
                Submissions.Add(new Submission
                {
                    Key = submission.Key, EntityType = created!.GetType().Name, EntityId = created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    UserId = Actor.UserId, AtUtc = now,
                });
            }

            saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (submission is not null)
            {
                submission.Recorded = true;
            }
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
                PublishIfCommitted();
            }

            return saved;
        }
        catch
        {
            // Nothing half-saved: the rows of this save are rolled back and the tracked entities detached
            // from their would-be state by the caller reloading.
            if (ownTransaction is not null)
            {
                try
                {
                    await ownTransaction.RollbackAsync(CancellationToken.None);
                }
                catch (Exception rollback) when (rollback is DbException or InvalidOperationException)
                {
                    // The connection broke (during the commit, even): the database rolls back what it did not commit by
                    // itself. The failure that matters is the one being rethrown, not this one.
                }
            }

            if (submission is not null && await EarlierSubmissionAsync(submission.Key) is { } earlier)
            {
                throw new DuplicateSubmissionException(earlier.Key, earlier.EntityType, earlier.EntityId);
            }

            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>The submission saved under <paramref name="key"/>, if any.</summary>
    internal Task<Submission?> FindSubmissionAsync(Guid key, CancellationToken ct) =>
        Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);

    /// <summary>The submission under <paramref name="key"/> that was committed before this failed save, if the database answers.</summary>
    private async Task<Submission?> EarlierSubmissionAsync(Guid key)
    {
        try
        {
            return await FindSubmissionAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return null; // the database is still out of reach: the original failure stands
        }
    }

    /// <summary>Something other than an entity changed in this unit of work (notifications), to be published with it.</summary>
    internal void NoteChanged(string type) => _changedTypes.Add(type);

    /// <summary>
    /// Tells open pages what changed. Called after a save outside any transaction, and by whoever owns an
    /// outer transaction right after committing it (pages must never reload data that is not committed yet).
    /// </summary>
    public void PublishCommittedChanges()
    {
        if (_changedTypes.Count == 0 || Notifier is null)
        {
            _changedTypes.Clear();
            return;
        }

        Notifier.Publish(new ChangeSet(new HashSet<string>(_changedTypes), new HashSet<string>()));
        _changedTypes.Clear();
    }

    private void PublishIfCommitted()
    {
        if (Database.CurrentTransaction is null)
        {
            PublishCommittedChanges();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CaseDeskDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    private void RefuseAuditTampering()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new DomainException("The audit trail is append-only.");
        }
    }
}
