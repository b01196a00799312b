using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Admin;

/// <summary>The office calendar: a year at a glance, single-day changes (a typhoon day) and file import.</summary>
public sealed partial class CalendarAdmin
{
    private static readonly string[] Weekdays = ["日", "一", "二", "三", "四", "五", "六"];

    private int _year;
    private CalendarYear? _calendar;
    private CalendarImportPreview? _preview;
    private ParsedCalendar? _parsed;
    private string? _previewFileName;
    private List<string> _importErrors = [];
    private bool _busy;
    private Actor _actor = Actor.System;

    [Inject]
    private CalendarService Calendar { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "year")]
    public int? Year { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _year = Year ?? TaipeiTime.Today(Clock).Year;
        await LoadAsync();
    }

    private async Task LoadAsync() => _calendar = await Calendar.GetYearAsync(_year);

    private async Task ChangeYearAsync(int delta)
    {
        _year += delta;
        await LoadAsync();
    }

    private async Task EditDayAsync(CalendarDayRow day)
    {
        var parameters = new DialogParameters<CalendarDayDialog> { { d => d.Day, day } };
        var dialog = await Dialogs.ShowAsync<CalendarDayDialog>(RocDate.FormatLongWithWeekday(day.Date), parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task PreviewFileAsync(IBrowserFile? file)
    {
        _importErrors = [];
        _preview = null;
        if (file is null)
        {
            return;
        }

        _busy = true;
        try
        {
            if (file.Size > CalendarFileParser.MaxFileBytes)
            {
                _importErrors = [L["FileTooLarge", CalendarFileParser.MaxFileBytes / 1024]];
                return;
            }

            using var buffer = new MemoryStream();
            await file.OpenReadStream(CalendarFileParser.MaxFileBytes).CopyToAsync(buffer);
            var parsed = CalendarFileParser.Parse(buffer.ToArray());
            if (!parsed.Succeeded)
            {
                _importErrors = parsed.Errors.Select(e => e.Message).ToList();
                return;
            }

            _parsed = parsed.Value;
            _previewFileName = file.Name;
            _preview = await Calendar.PreviewImportAsync(parsed.Value);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ImportAsync()
    {
        if (_parsed is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Calendar.ImportAsync(_actor, _parsed);
            if (!result.Succeeded)
            {
                _importErrors = result.Errors.Select(e => FormErrors.Text(e, L)).ToList();
                return;
            }

            Snackbar.Add(L["ImportDone", result.Value.NewDays, result.Value.Changes.Count], Severity.Success);
            _preview = null;
            _parsed = null;
            _year = result.Value.Years[0];
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private static IEnumerable<CalendarDayRow?[]> Weeks(List<CalendarDayRow> days)
    {
        var week = new CalendarDayRow?[7];
        foreach (var day in days)
        {
            var column = (int)day.Date.DayOfWeek;
            week[column] = day;
            if (column == 6)
            {
                yield return week;
                week = new CalendarDayRow?[7];
            }
        }

        if (week.Any(d => d is not null))
        {
            yield return week;
        }
    }

    private static string DayClass(CalendarDayRow day)
    {
        var weekend = day.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var classes = "cd-day";
        if (!day.IsWorkingDay)
        {
            classes += " cd-holiday";
        }
        else if (weekend)
        {
            classes += " cd-makeup";
        }

        if (day.Source == CalendarDaySource.Manual)
        {
            classes += " cd-manual";
        }

        return classes;
    }

    private string DayTitle(CalendarDayRow day) =>
        $"{RocDate.FormatLongWithWeekday(day.Date)} {(day.IsWorkingDay ? L["Workday"] : L["Holiday"])}{(day.Description.Length > 0 ? "：" + day.Description : "")}";

    private string DayText(bool isHoliday, string? description) =>
        $"{(isHoliday ? L["Holiday"] : L["Workday"])}{(string.IsNullOrEmpty(description) ? "" : "（" + description + "）")}";
}
