using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Referrals;

/// <summary>
/// The referral results (轉介成果表): the seed report's table for a ROC year, by partner (with how fast each
/// acknowledges), by need and by outcome, a chart, export, and freezing a finished quarter.
/// </summary>
public sealed partial class ReferralStatistics
{
    private int _rocYear;
    private int _currentYear;
    private DateOnly _today;
    private ReferralReport? _report;
    private IReadOnlyList<ReferralTableSection> _sections = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private string? _error;
    private bool _denied;
    private bool _freezing;
    private Actor _actor = Actor.System;

    [Inject]
    private ReferralStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<ReferralStatistics> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "year")]
    public int? Year { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _today = TaipeiTime.Today(Clock);
        _currentYear = RocDate.RocYear(_today);
        _rocYear = Year is { } y && y >= 90 && y <= _currentYear + 1 ? y : _currentYear;
        await LoadAsync();
    }

    private async Task ChangeYearAsync(int delta)
    {
        _rocYear += delta;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _today = TaipeiTime.Today(Clock);
        var result = await Statistics.GetYearAsync(_actor, _rocYear);
        if (!result.Succeeded)
        {
            // The service decides who may see the results; a refusal is the same page as a role the router refuses.
            _denied = result.Errors.Any(e => e.Code == "forbidden");
            _error = _denied ? null : FormErrors.Text(result.Errors[0], L);
            return;
        }

        _error = null;
        _report = result.Value;
        _sections = ReferralTable.Build(_report, _today, L);
        _labels = [L["Quarter1"], L["Quarter2"], L["Quarter3"], L["Quarter4"]];
        var report = _report;
        _series = report.Partners.Count == 0
            ? [new ChartSeries<double> { Name = L["ReferralSent"], Data = new ChartData<double>(report.Quarters.Select(q => (double)q.Sent).ToList()) }]
            : report.Partners
                .Select(p => new ChartSeries<double>
                {
                    Name = p.Name,
                    Data = new ChartData<double>(report.Quarters.Select(q => (double)(q.ByPartner.FirstOrDefault(x => x.PartnerId == p.Id)?.Sent ?? 0)).ToList()),
                })
                .ToList();
    }

    private async Task FreezeAsync(int quarter)
    {
        if (_freezing)
        {
            return;
        }

        _freezing = true;
        try
        {
            var result = await GuardedSave.RunAsync(() => Statistics.FreezeQuarterAsync(_actor, _rocYear, quarter), Logger);
            if (result.Succeeded)
            {
                Snackbar.Add(L["QuarterFrozen", _rocYear, quarter], Severity.Success);
            }
            else
            {
                _error = FormErrors.Text(result.Errors[0], L);
            }

            await LoadAsync();
        }
        finally
        {
            _freezing = false;
        }
    }
}
