using System.Globalization;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Components.Shared;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Referrals;

/// <summary>One referral round its closed loop: the obligor and the needs, the partner, consent, sending, acknowledgement, service and outcome.</summary>
public sealed partial class ReferralDetailPage : IDisposable
{
    private ReferralDetail? _r;
    private IReadOnlyList<AuditRow>? _trail;
    private bool _loaded;
    private DateOnly _today;
    private Actor _actor = Actor.System;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private LiveUpdates? _live;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private ReferralService Referrals { get; set; } = default!;

    [Inject]
    private AuditService Audit { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IChangeNotifier Notifier { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override void OnInitialized() =>
        _live = LiveUpdates.For(Notifier, InvokeAsync, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }, nameof(Referral));

    protected override async Task OnParametersSetAsync()
    {
        if (_r?.Id != Id)
        {
            _loaded = false;
            await LoadAsync();
        }
    }

    /// <summary>The step that moves the loop forward is the filled button; the others are outlined.</summary>
    private bool IsMain(ReferralAction action) => (_r!.State, action) switch
    {
        (ReferralState.Draft, ReferralAction.RecordConsent) => true,
        (ReferralState.Draft, ReferralAction.Send) => _r.HasConsent,
        (ReferralState.Sent, ReferralAction.Acknowledge) => true,
        (ReferralState.Acknowledged, ReferralAction.StartService) => true,
        (ReferralState.InService, ReferralAction.Close) => true,
        _ => false,
    };

    private async Task<Result<string?>> RevealAsync(bool phone) => await Referrals.RevealAsync(_actor, Id, phone);

    private async Task LoadAsync()
    {
        _actor = await Actors.GetAsync();
        _today = TaipeiTime.Today(Clock);
        _r = await Referrals.GetAsync(_actor, Id);
        _loaded = true;
        _breadcrumbs = [new(L["NavReferrals"], "/referrals"), new(_r?.Number ?? "", null, disabled: true)];
        if (_r is not null && AuditService.CanRead(_actor))
        {
            var trail = await Audit.GetTrailAsync(_actor, nameof(Referral), Id.ToString(CultureInfo.InvariantCulture));
            _trail = trail.Succeeded ? trail.Value : null;
        }
    }

    private async Task ActAsync(ReferralAction action)
    {
        var parameters = new DialogParameters<ReferralActionDialog> { { d => d.Action, action }, { d => d.Referral, _r! } };
        var dialog = await Dialogs.ShowAsync<ReferralActionDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    public void Dispose() => _live?.Dispose();
}
