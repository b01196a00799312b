using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Referrals;

/// <summary>What the referral form holds while the clerk types.</summary>
public sealed class ReferralEditModel
{
    public string? CaseNumber { get; set; }

    public string? ObligorName { get; set; }

    public string? ObligorIdNumber { get; set; }

    public string? ObligorPhone { get; set; }

    public string? ObligorAddress { get; set; }

    public int? PartnerId { get; set; }

    public WelfareNeed Needs { get; set; }

    public string? OtherNeed { get; set; }

    public string? Situation { get; set; }

    public int? HouseholdSize { get; set; }

    public int? Dependents { get; set; }

    public long? MonthlyIncome { get; set; }

    public IncomeStatus IncomeStatus { get; set; }

    public string? SpecialCircumstances { get; set; }

    public bool Urgent { get; set; }

    public bool ConsentGiven { get; set; }

    public DateOnly? ConsentOn { get; set; }

    public ConsentMethod? ConsentMethod { get; set; }

    public string? ConsentRecordedBy { get; set; }

    public ReferralInput ToInput() => new()
    {
        CaseNumber = CaseNumber,
        ObligorName = ObligorName,
        ObligorIdNumber = ObligorIdNumber,
        ObligorPhone = ObligorPhone,
        ObligorAddress = ObligorAddress,
        PartnerId = PartnerId,
        Needs = Needs,
        OtherNeed = OtherNeed,
        Situation = Situation,
        HouseholdSize = HouseholdSize,
        Dependents = Dependents,
        MonthlyIncome = MonthlyIncome,
        IncomeStatus = IncomeStatus,
        SpecialCircumstances = SpecialCircumstances,
        Urgency = Urgent ? ReferralUrgency.Urgent : ReferralUrgency.Normal,
        ConsentGiven = ConsentGiven,
        Consent = ConsentGiven ? new ConsentInput(ConsentOn, ConsentMethod, ConsentRecordedBy) : null,
    };

    public void Load(ReferralInput input)
    {
        CaseNumber = input.CaseNumber;
        ObligorName = input.ObligorName;
        ObligorIdNumber = input.ObligorIdNumber;
        ObligorPhone = input.ObligorPhone;
        ObligorAddress = input.ObligorAddress;
        PartnerId = input.PartnerId ?? PartnerId;
        Needs = input.Needs == WelfareNeed.None ? Needs : input.Needs;
        OtherNeed = input.OtherNeed ?? OtherNeed;
        Situation = input.Situation ?? Situation;
        HouseholdSize = input.HouseholdSize ?? HouseholdSize;
        Dependents = input.Dependents ?? Dependents;
        MonthlyIncome = input.MonthlyIncome ?? MonthlyIncome;
        IncomeStatus = input.IncomeStatus == IncomeStatus.Unknown ? IncomeStatus : input.IncomeStatus;
        SpecialCircumstances = input.SpecialCircumstances ?? SpecialCircumstances;
        Urgent = Urgent || input.Urgency == ReferralUrgency.Urgent;
        if (input.Consent is { } consent)
        {
            ConsentGiven = input.ConsentGiven;
            ConsentOn = consent.On;
            ConsentMethod = consent.Method;
            ConsentRecordedBy = consent.RecordedBy;
        }
    }
}

/// <summary>
/// The referral form (個案轉介單) as the clerk fills it at the desk: from a case (prefilled with the
/// obligor's details) or for a walk-in, the needs and the partner, the situation in the clerk's words,
/// household facts and the obligor's consent. Saved as a draft; it is sent from the referral's page.
/// </summary>
public sealed partial class ReferralForm
{
    /// <summary>This form's submission key: pressing 儲存 again after an answer was lost never creates a second record.</summary>
    private Guid _submission = Guid.NewGuid();

    private readonly ReferralEditModel _m = new();
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];
    private IReadOnlyList<PartnerView> _partners = [];
    private Actor _actor = Actor.System;
    private int _version;
    private bool _saving;
    private bool _ready;
    private bool _notFound;

    [Parameter]
    public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "case")]
    public int? CaseId { get; set; }

    /// <summary>An earlier referral to start from (rejected by its partner, or another partner is needed).</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public int? FromReferralId { get; set; }

    [Inject]
    private ReferralService Referrals { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<ReferralForm> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private PartnerView? SelectedPartner => _partners.FirstOrDefault(p => p.Id == _m.PartnerId);

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _partners = await Referrals.GetPartnersAsync();
        _m.ConsentOn = TaipeiTime.Today(Clock);
        _m.ConsentRecordedBy = _actor.DisplayName;
        if (Id is { } id)
        {
            var draft = await Referrals.GetDraftInputAsync(_actor, id);
            if (draft is null)
            {
                _notFound = true;
                return;
            }

            _m.Load(draft.Value.Input);
            _version = draft.Value.Version;
        }
        else if (FromReferralId is { } fromId)
        {
            var prefill = await Referrals.PrefillFromReferralAsync(_actor, fromId);
            if (prefill.Succeeded)
            {
                _m.Load(prefill.Value);
                _m.ConsentGiven = false;
            }
            else
            {
                _formErrors = [FormErrors.Text(prefill.Errors[0], L)];
            }
        }
        else if (CaseId is { } caseId)
        {
            var prefill = await Referrals.PrefillFromCaseAsync(_actor, caseId);
            if (prefill.Succeeded)
            {
                _m.Load(prefill.Value);
            }
            else
            {
                _formErrors = [FormErrors.Text(prefill.Errors[0], L)];
            }
        }

        _ready = true;
    }

    /// <summary>Partners that offer what is ticked, while none is chosen.</summary>
    private IEnumerable<PartnerView> SuggestedPartners() =>
        _m.Needs == WelfareNeed.None ? [] : _partners.Where(p => (p.Services & _m.Needs) != WelfareNeed.None);

    private void ToggleNeed(WelfareNeed need, bool on)
    {
        _m.Needs = on ? _m.Needs | need : _m.Needs & ~need;
        _errors.Clear(nameof(ReferralInput.Needs));
        _errors.Clear(nameof(ReferralInput.PartnerId));
    }

    private void OnPartnerChanged(int? partnerId)
    {
        _m.PartnerId = partnerId;
        _errors.Clear(nameof(ReferralInput.PartnerId));
    }

    /// <summary>A case number typed in: the obligor's details come from the case (what the clerk already typed stays if the case is not found).</summary>
    private async Task OnCaseChanged(string? caseNumber)
    {
        _m.CaseNumber = caseNumber;
        _errors.Clear(nameof(ReferralInput.CaseNumber));
        if (Id is not null || string.IsNullOrWhiteSpace(caseNumber) || !Domain.Cases.CaseNumber.Parse(caseNumber).Succeeded)
        {
            return;
        }

        var found = await Referrals.FindCaseIdAsync(caseNumber);
        if (found is { } caseId && (await Referrals.PrefillFromCaseAsync(_actor, caseId)) is { Succeeded: true } prefill)
        {
            _m.Load(prefill.Value);
        }
    }

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            var input = _m.ToInput();
            if (Id is { } id)
            {
                var result = await GuardedSave.RunAsync(() => Referrals.UpdateDraftAsync(_actor, id, _version, input), Logger);
                _formErrors = _errors.Load(result, L);
                if (result.Succeeded)
                {
                    Snackbar.Add(L["Saved"], Severity.Success);
                    Navigation.NavigateTo($"/referrals/{id}");
                }
            }
            else
            {
                var result = await GuardedSave.RunAsync<Referral>(_submission, () => Referrals.CreateAsync(_actor, input), Logger);
                _submission = result.Succeeded ? Guid.NewGuid() : _submission;
                _formErrors = _errors.Load(result, L);
                if (result.Succeeded)
                {
                    Snackbar.Add(L["ReferralSaved"], Severity.Success);
                    Navigation.NavigateTo($"/referrals/{result.Value}");
                }
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
