using System.Text.Json;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Installments;

/// <summary>
/// Takes an installment application at the desk (often orally). The rule check and the schedule follow every
/// keystroke; the typed application is kept as a draft on the server until it is submitted.
/// </summary>
public sealed partial class InstallmentForm : IDisposable
{
    private static readonly SupportingDocuments[] DocumentKinds =
        Enum.GetValues<SupportingDocuments>().Where(d => d != SupportingDocuments.None).ToArray();

    /// <summary>This form's submission key: pressing 儲存 again after an answer was lost never creates a second record.</summary>
    private Guid _submission = Guid.NewGuid();

    private readonly FormErrors _errors = new();
    private readonly LatestOnly _checks = new();
    private PlanFormModel _m = new();
    private ApplicationCheck? _check;
    private IReadOnlyList<string> _formErrors = [];
    private Actor _actor = Actor.System;
    private int _caseId;
    private int _version;
    private string? _caseNumber;
    private string? _obligor;
    private string? _agency;
    private long _amount;
    private bool _loading = true;
    private bool _saving;
    private bool _adjusting;
    private bool _showCheckErrors;
    private string? _fatal;
    private DraftView? _draft;
    private DateTime? _draftSavedAt;
    private CancellationTokenSource? _pending;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter]
    public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "caseId")]
    public int? CaseIdParameter { get; set; }

    [SupplyParameterFromQuery(Name = "reschedule")]
    public int? RescheduleParameter { get; set; }

    [Inject]
    private InstallmentService Plans { get; set; } = default!;

    [Inject]
    private CaseService Cases { get; set; } = default!;

    [Inject]
    private DraftService Drafts { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<InstallmentForm> Logger { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private string Title => Id is not null ? L["PlanEdit"] : RescheduleParameter is not null ? L["PlanReschedule"] : L["PlanNew"];

    private string BackHref => Id is { } id ? $"/installments/{id}" : RescheduleParameter is { } r ? $"/installments/{r}" : $"/cases/{_caseId}";

    private string DraftKey => Id is { } id ? $"installment:{id}" : $"installment:case:{_caseId}:{RescheduleParameter}";

    private long ScheduleSum => _adjusting && _m.Adjusted.Count > 0 ? _m.Adjusted.Sum() : _check?.Schedule.Sum(l => l.Amount) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        if (Id is { } id)
        {
            var loaded = await Plans.GetForReviseAsync(_actor, id);
            var detail = await Plans.GetAsync(_actor, id);
            if (!loaded.Succeeded || detail is null)
            {
                _fatal = loaded.Succeeded ? L["PlanNotFound"] : FormErrors.Text(loaded.Errors[0], L);
                _loading = false;
                return;
            }

            _caseId = detail.CaseId;
            _version = loaded.Value.Version;
            _m = PlanFormModel.From(loaded.Value.Input);
            _m.Version = _version;
            _adjusting = true;
        }
        else if (CaseIdParameter is { } caseId)
        {
            _caseId = caseId;
            _m.DayOfMonth = Math.Min(TaipeiTime.Today(Clock).Day, 28);
        }
        else
        {
            _fatal = L["PlanNeedsCase"];
            _loading = false;
            return;
        }

        var c = await Cases.GetAsync(_actor, _caseId);
        if (c is null)
        {
            _fatal = L["CaseNotFound"];
            _loading = false;
            return;
        }

        _caseNumber = c.CaseNumber;
        _obligor = c.ObligorName;
        _agency = c.AgencyName;
        _amount = c.AmountOwed ?? 0;
        if (RescheduleParameter is { } previous && await Plans.GetAsync(_actor, previous) is { } old)
        {
            _amount = old.Balance;
        }

        if (Id is null && string.IsNullOrEmpty(_m.ApplicantName))
        {
            _m.ApplicantName = c.ObligorName;
        }

        _breadcrumbs = [new(L["NavCases"], "/cases"), new(c.CaseNumber, $"/cases/{_caseId}"), new(Title, null, disabled: true)];
        _draft = await Drafts.GetAsync(_actor, DraftKey);
        await CheckAsync();
        _loading = false;
    }

    /// <summary>Any field changed: check the rules again (the schedule may change) and keep the draft.</summary>
    private void Set(Action apply)
    {
        apply();
        _pending?.Cancel();
        _pending?.Dispose();
        _pending = new CancellationTokenSource();
        var token = _pending.Token;

        // The draft remembers which revision it was typed against and whether the amounts were adjusted by hand:
        // restored later, it saves against that revision (a newer one is then refused, not overwritten).
        _m.Version = _version;
        _m.Adjusting = _adjusting;
        var json = JsonSerializer.Serialize(_m);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(300, token);
                await InvokeAsync(async () =>
                {
                    await CheckAsync();
                    StateHasChanged();
                });
                await Task.Delay(500, token);
                await Drafts.SaveAsync(_actor, DraftKey, json, token);
                await InvokeAsync(() =>
                {
                    _draftSavedAt = Clock.GetUtcNow().UtcDateTime;
                    StateHasChanged();
                });
            }
            catch (OperationCanceledException)
            {
                // Replaced by a newer change.
            }
            catch (Exception ex)
            {
                Logger.LogWarning(ex, "Rule check or draft failed for {Key}", DraftKey);
            }
        }, token);
    }

    private async Task CheckAsync()
    {
        // Checks overlap while the clerk types: only the newest one's answer is used, an older one landing late is dropped.
        var ticket = _checks.Next();
        var result = await Plans.CheckAsync(_actor, _caseId, _m.ToInput(_adjusting), RescheduleParameter);
        if (!_checks.IsLatest(ticket))
        {
            return;
        }

        if (!result.Succeeded)
        {
            _fatal = FormErrors.Text(result.Errors[0], L);
            return;
        }

        _check = result.Value;
        if (!_adjusting || _m.Adjusted.Count != _check.Schedule.Count)
        {
            _m.Adjusted = _check.Schedule.Select(l => l.Amount).ToList();
        }

        SyncFirstAdjusted();

        if (_showCheckErrors)
        {
            _formErrors = _errors.Load(Result.Fail(_check.Errors), L);
        }
    }

    /// <summary>Installment 1 paid at the counter is what was paid: the adjusted amounts follow the first payment's amount.</summary>
    private void SyncFirstAdjusted()
    {
        if (_adjusting && _m.FirstPaidOnApplication && _m.FirstPaymentAmount is > 0 and var first && _m.Adjusted.Count > 0)
        {
            _m.Adjusted[0] = first;
        }
    }

    private bool FirstLineFixed => _m.FirstPaidOnApplication && _m.FirstPaymentAmount is > 0;

    /// <summary>A late change from a row that a shorter schedule has since removed is ignored.</summary>
    private void SetAdjusted(int index, long value)
    {
        if (index >= 0 && index < _m.Adjusted.Count)
        {
            _m.Adjusted[index] = value;
        }
    }

    private void ToggleAdjust(bool on)
    {
        _adjusting = on;
        if (!on)
        {
            _m.Adjusted = _check?.Schedule.Select(l => l.Amount).ToList() ?? [];
        }

        Set(() => { });
    }

    private async Task RestoreDraftAsync()
    {
        if (_draft is null)
        {
            return;
        }

        _m = JsonSerializer.Deserialize<PlanFormModel>(_draft.Json) ?? _m;
        _adjusting = _m.Adjusting;
        if (Id is not null)
        {
            // Saved against the revision the draft was typed on: if the application changed since, the save is refused
            // as a conflict instead of silently overwriting the newer revision.
            _version = _m.Version;
        }

        _draft = null;
        await CheckAsync();
    }

    private async Task DiscardDraftAsync()
    {
        await GuardedSave.RunAsync(async () =>
        {
            await Drafts.DeleteAsync(_actor, DraftKey);
            return Result.Success();
        }, Logger);
        _draft = null;
    }

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        _showCheckErrors = true;
        try
        {
            _pending?.Cancel();
            var input = _m.ToInput(_adjusting);
            int? id = Id;
            Result result;
            if (Id is { } existing)
            {
                result = await GuardedSave.RunAsync(() => Plans.ReviseAsync(_actor, existing, _version, input), Logger);
            }
            else
            {
                var created = await GuardedSave.RunAsync<InstallmentPlan>(_submission, () => Plans.SubmitAsync(_actor, _caseId, input, RescheduleParameter), Logger);
                _submission = created.Succeeded ? Guid.NewGuid() : _submission;
                result = created;
                id = created.Succeeded ? created.Value : null;
            }

            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                await GuardedSave.RunAsync(async () =>
                {
                    await Drafts.DeleteAsync(_actor, DraftKey);
                    return Result.Success();
                }, Logger);
                Snackbar.Add(L["PlanSubmitted"], Severity.Success);
                Navigation.NavigateTo($"/installments/{id}");
            }
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose()
    {
        _pending?.Cancel();
        _pending?.Dispose();
    }

    public sealed class ChequeRow
    {
        public string? Number { get; set; }

        public long? Amount { get; set; }

        public DateOnly? DueOn { get; set; }
    }

    /// <summary>The form's mutable copy of <see cref="InstallmentApplicationInput"/>.</summary>
    public sealed class PlanFormModel
    {
        public ApplicantKind ApplicantKind { get; set; }

        public string? ApplicantName { get; set; }

        public ApplicationForm Form { get; set; } = ApplicationForm.Oral;

        public string? StatementRecord { get; set; }

        public bool RecordReadBack { get; set; }

        public string? RecordSignedBy { get; set; }

        public HardshipReason? Reason { get; set; }

        public string? StatementOfFacts { get; set; }

        public SupportingDocuments Documents { get; set; }

        public string? DocumentsNote { get; set; }

        public int? RequestedInstallments { get; set; }

        public int? DayOfMonth { get; set; }

        public bool FirstPaidOnApplication { get; set; }

        public long? FirstPaymentAmount { get; set; }

        public string? FirstPaymentReceipt { get; set; }

        public string? SpecialReason { get; set; }

        public DateOnly? ConsentOn { get; set; }

        public string? ConsentReference { get; set; }

        public GuaranteeKind Guarantee { get; set; }

        public string? GuarantorName { get; set; }

        public string? GuarantorIdNumber { get; set; }

        public string? GuarantorRelationship { get; set; }

        public string? GuarantorPhone { get; set; }

        public string? CollateralDescription { get; set; }

        public List<ChequeRow> Cheques { get; set; } = [];

        public List<long> Adjusted { get; set; } = [];

        /// <summary>Whether the amounts were adjusted by hand (kept with the draft).</summary>
        public bool Adjusting { get; set; }

        /// <summary>The revision of the application the draft was typed against (0 for a new application).</summary>
        public int Version { get; set; }

        public static PlanFormModel From(InstallmentApplicationInput i) => new()
        {
            ApplicantKind = i.ApplicantKind,
            ApplicantName = i.ApplicantName,
            Form = i.Form,
            StatementRecord = i.StatementRecord,
            RecordReadBack = i.RecordReadBack,
            RecordSignedBy = i.RecordSignedBy,
            Reason = i.Reason,
            StatementOfFacts = i.StatementOfFacts,
            Documents = i.Documents,
            DocumentsNote = i.DocumentsNote,
            RequestedInstallments = i.RequestedInstallments,
            DayOfMonth = i.DayOfMonth,
            FirstPaidOnApplication = i.FirstPaidOnApplication,
            FirstPaymentAmount = i.FirstPaymentAmount,
            FirstPaymentReceipt = i.FirstPaymentReceipt,
            SpecialReason = i.SpecialReason,
            ConsentOn = i.ConsentOn,
            ConsentReference = i.ConsentReference,
            Guarantee = i.Guarantee,
            GuarantorName = i.GuarantorName,
            GuarantorIdNumber = i.GuarantorIdNumber,
            GuarantorRelationship = i.GuarantorRelationship,
            GuarantorPhone = i.GuarantorPhone,
            CollateralDescription = i.CollateralDescription,
            Cheques = i.Cheques.Select(c => new ChequeRow { Number = c.Number, Amount = c.Amount, DueOn = c.DueOn }).ToList(),
            Adjusted = i.AdjustedAmounts?.ToList() ?? [],
        };

        public InstallmentApplicationInput ToInput(bool adjusted) => new()
        {
            ApplicantKind = ApplicantKind,
            ApplicantName = ApplicantName,
            Form = Form,
            StatementRecord = StatementRecord,
            RecordReadBack = RecordReadBack,
            RecordSignedBy = RecordSignedBy,
            Reason = Reason,
            StatementOfFacts = StatementOfFacts,
            Documents = Documents,
            DocumentsNote = DocumentsNote,
            RequestedInstallments = RequestedInstallments,
            DayOfMonth = DayOfMonth,
            FirstPaidOnApplication = FirstPaidOnApplication,
            FirstPaymentAmount = FirstPaymentAmount,
            FirstPaymentReceipt = FirstPaymentReceipt,
            SpecialReason = SpecialReason,
            ConsentOn = ConsentOn,
            ConsentReference = ConsentReference,
            Guarantee = Guarantee,
            GuarantorName = GuarantorName,
            GuarantorIdNumber = GuarantorIdNumber,
            GuarantorRelationship = GuarantorRelationship,
            GuarantorPhone = GuarantorPhone,
            CollateralDescription = CollateralDescription,
            Cheques = Cheques.Select(c => new ChequeInput(c.Number, c.Amount, c.DueOn)).ToList(),
            AdjustedAmounts = adjusted ? Adjusted : null,
        };
    }
}
