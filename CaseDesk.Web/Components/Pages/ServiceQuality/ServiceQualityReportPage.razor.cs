using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.ServiceQuality;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.ServiceQuality;

/// <summary>
/// The quarterly service-quality report for a ROC year and quarter: every section of the seed report in its wording
/// and table shape with a chart beside it, printable on A4 from the same page, and exported to Excel.
/// </summary>
public sealed partial class ServiceQualityReportPage
{
    private int _rocYear;
    private int _quarter;
    private int _currentYear;
    private ServiceQualityReport? _report;
    private IReadOnlyList<ReportSection> _sections = [];
    private Dictionary<string, List<ChartSeries<double>>> _charts = [];
    private string[] _labels = [];
    private string? _error;
    private bool _denied;

    [Inject]
    private ServiceQualityReportService Reports { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IOptions<OfficeOptions> Office { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "year")]
    public int? Year { get; set; }

    [SupplyParameterFromQuery(Name = "quarter")]
    public int? Quarter { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var today = TaipeiTime.Today(Clock);
        _currentYear = RocDate.RocYear(today);
        _rocYear = Year ?? _currentYear;
        _quarter = Quarter ?? Quarters.Of(today);
        await LoadAsync();
    }

    private async Task ChangeAsync(int rocYear, int quarter)
    {
        _rocYear = rocYear;
        _quarter = quarter;
        Navigation.NavigateTo($"/reports/service-quality?year={rocYear}&quarter={quarter}", replace: true);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _report = null;
        var result = await Reports.GetAsync(await Actors.GetAsync(), _rocYear, _quarter);
        if (!result.Succeeded)
        {
            _denied = result.Errors.Any(e => e.Code == "forbidden");
            _error = _denied ? null : FormErrors.Text(result.Errors[0], L);
            return;
        }

        _error = null;
        _report = result.Value;
        _sections = _report.Sections();
        _labels = Enumerable.Range(1, _quarter).Select(q => L["QuarterN", q].Value).ToArray();
        _charts = _sections.ToDictionary(s => s.Key, Chart);
    }

    /// <summary>Which rows of a section are charted: counts by quarter (percentages for the survey, the average for the checks).</summary>
    private List<ChartSeries<double>> Chart(ReportSection section)
    {
        IEnumerable<int> rows = section.Key switch
        {
            "petitions" => [0, 1, 2, 3],
            "channels" => Enumerable.Range(0, section.Rows.Count - 1).Where(i => section.Rows[i].Cells[^1] is not ("0" or "")),
            "calls" => [0, 1, 2],
            "lunch" => [0],
            "installments" => [0, 1, 2, 3],
            "surveys" => Enumerable.Range(0, section.Rows.Count).Where(i => section.Rows[i].Label.EndsWith("比例", StringComparison.Ordinal)),
            "spotchecks" => [1],
            _ => [0],
        };
        return rows.Select(i => new ChartSeries<double>
        {
            Name = section.Rows[i].Label.Replace(" 滿意以上比例", "", StringComparison.Ordinal),
            Data = new ChartData<double>(section.QuarterValues(i).Take(_quarter).ToList()),
        }).ToList();
    }

    private static string ChineseNumber(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private async Task PrintAsync() => await JS.InvokeVoidAsync("print");
}
