using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Petitions;

/// <summary>The quarterly petition statistics: the seed report's table, a chart, export, and freezing a finished quarter.</summary>
public sealed partial class PetitionStatistics
{
    private int _rocYear;
    private QuarterlyReport? _report;
    private IReadOnlyList<QuarterlyTableRow> _rows = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private string? _error;
    private Actor _actor = Actor.System;

    [Inject]
    private PetitionStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "year")]
    public int? Year { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        var current = RocDate.RocYear(TaipeiTime.Today(Clock));
        _rocYear = Year is { } y && y >= 90 && y <= current + 1 ? y : current;
        await LoadAsync();
    }

    private bool QuarterFinished(int quarter) =>
        TaipeiTime.Today(Clock) > new DateOnly(_rocYear + RocDate.EraOffset, quarter * 3, 1).AddMonths(1).AddDays(-1);

    private async Task ChangeYearAsync(int delta)
    {
        _rocYear += delta;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = null;
        var result = await Statistics.GetQuarterlyAsync(_actor, _rocYear);
        if (!result.Succeeded)
        {
            _error = FormErrors.Text(result.Errors[0], L);
            return;
        }

        _report = result.Value;
        _rows = QuarterlyTable.Build(_report, L);
        _labels = [L["Quarter1"], L["Quarter2"], L["Quarter3"], L["Quarter4"]];
        _series = Enum.GetValues<PetitionCategory>()
            .Select(c => new ChartSeries<double>
            {
                Name = L["PetitionCategory." + c],
                Data = new ChartData<double>(_report.Quarters.Select(q => (double)q.ByCategory[(int)c]).ToList()),
            })
            .ToList();
    }

    private async Task FreezeAsync(int quarter)
    {
        var result = await Statistics.FreezeQuarterAsync(_actor, _rocYear, quarter);
        if (result.Succeeded)
        {
            Snackbar.Add(L["QuarterFrozen", _rocYear, quarter], Severity.Success);
            await LoadAsync();
        }
        else
        {
            _error = FormErrors.Text(result.Errors[0], L);
        }
    }
}
