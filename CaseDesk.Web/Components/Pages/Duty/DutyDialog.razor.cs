using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Duty;

public enum DutyDialogMode
{
    Generate,
    Pool,
    Swap,
    Override,
    Absence,
}

/// <summary>The roster's small forms: generate, pool settings, swap request, override, leave.</summary>
public sealed partial class DutyDialog
{
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _messages = [];
    private bool _saving;
    private DateOnly? _from;
    private DateOnly? _to;
    private string? _name;
    private int? _unitId;
    private int[] _perDay = [0, 1, 1, 1, 1, 1, 1];
    private IReadOnlyCollection<int> _members = [];
    private IReadOnlyList<StaffItem> _eligible = [];
    private int? _staffId;
    private DateOnly? _theirDate;
    private IReadOnlyList<DateOnly> _theirDays = [];
    private string? _text;
    private GenerateResult? _result;
    private int? _createdPool;
    private int? _actorStaffId;
    private bool _isSupervisor;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public DutyDialogMode Mode { get; set; }

    [Parameter]
    public DutyPoolView? Pool { get; set; }

    [Parameter]
    public DateOnly Month { get; set; }

    [Parameter]
    public DutySlotView? Slot { get; set; }

    [Parameter]
    public DateOnly? Date { get; set; }

    [Parameter]
    public int? EmptySlot { get; set; }

    [Parameter]
    public int? MyAssignmentId { get; set; }

    [Inject]
    private DutyService Duty { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<DutyDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var actor = await Actors.GetAsync();
        _actorStaffId = actor.StaffId;
        _isSupervisor = actor.IsSupervisor;
        switch (Mode)
        {
            case DutyDialogMode.Generate:
                await MonthRangeAsync();
                break;
            case DutyDialogMode.Pool:
                _unitId = Pool?.UnitId ?? actor.UnitId;
                _name = Pool?.Name ?? L["PoolDefaultName"];
                _perDay = (int[])(Pool?.PeoplePerWeekday.Clone() ?? new[] { 0, 1, 1, 1, 1, 1, 1 });
                _members = Pool?.Members.Select(m => m.StaffId).ToList() ?? [];
                _eligible = await Duty.EligibleStaffAsync(_unitId);
                break;
            case DutyDialogMode.Absence:
                _staffId = actor.StaffId;
                _from = Date ?? await Duty.FirstChangeableDayAsync();
                _to = _from;
                if (_isSupervisor)
                {
                    _eligible = await Duty.EligibleStaffAsync(actor.UnitId);
                }

                break;
        }
    }

    private async Task MonthRangeAsync()
    {
        var first = await Duty.FirstChangeableDayAsync();
        var start = Month < first ? first : Month;
        _from = start;
        _to = new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1);
    }

    private async Task QuarterRange()
    {
        var first = await Duty.FirstChangeableDayAsync();
        var quarterStart = new DateOnly(Month.Year, ((Month.Month - 1) / 3 * 3) + 1, 1);
        _from = quarterStart < first ? first : quarterStart;
        _to = quarterStart.AddMonths(3).AddDays(-1);
    }

    private async Task OnColleagueChanged(int? staffId)
    {
        _staffId = staffId;
        _theirDate = null;
        _theirDays = staffId is { } id && Pool is not null ? await Duty.TurnsOfAsync(Pool.Id, id) : [];
    }

    private void CloseAsync()
    {
        if (_createdPool is { } id)
        {
            Dialog.Close(DialogResult.Ok(id));
        }
        else if (_result is not null)
        {
            Dialog.Close(DialogResult.Ok(0));
        }
        else
        {
            Dialog.Cancel();
        }
    }

    private async Task SubmitAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            var actor = await Actors.GetAsync();
            Result result;
            switch (Mode)
            {
                case DutyDialogMode.Generate:
                    if (_from is null || _to is null)
                    {
                        result = Result.Fail(new DomainError("duty_range", L["GenerateDatesRequired"], _from is null ? "From" : "To"));
                        break;
                    }

                    var generated = await GuardedSave.RunAsync(() => Duty.GenerateAsync(actor, Pool!.Id, Pool.Version, _from.Value, _to.Value), Logger);
                    result = generated;
                    if (generated.Succeeded)
                    {
                        _result = generated.Value;
                    }

                    break;
                case DutyDialogMode.Pool:
                    var input = new PoolInput(_name, _unitId, _perDay, OrderMembers());
                    if (Pool is null)
                    {
                        var created = await GuardedSave.RunAsync(() => Duty.CreatePoolAsync(actor, input), Logger);
                        result = created;
                        if (created.Succeeded)
                        {
                            _createdPool = created.Value;
                        }
                    }
                    else
                    {
                        result = await GuardedSave.RunAsync(async () => (Result)await Duty.UpdatePoolAsync(actor, Pool.Id, Pool.Version, input), Logger);
                    }

                    break;
                case DutyDialogMode.Swap:
                    result = _staffId is null
                        ? Result.Fail(new DomainError("swap_colleague", L["SwapColleagueRequired"], "CounterpartStaffId"))
                        : await GuardedSave.RunAsync(async () => (Result)await Duty.RequestSwapAsync(actor, MyAssignmentId!.Value, _staffId.Value, _theirDate, _text), Logger);
                    break;
                case DutyDialogMode.Override:
                    result = _staffId is null
                        ? Result.Fail(new DomainError("override_person", L["OverridePersonRequired"], "StaffId"))
                        : await GuardedSave.RunAsync(() => Duty.OverrideAsync(actor, Pool!.Id, Date!.Value, Slot?.Slot ?? EmptySlot ?? 0, Slot?.Version, _staffId.Value, _text), Logger);
                    break;
                default:
                    result = await GuardedSave.RunAsync(async () => (Result)await Duty.AddAbsenceAsync(actor, new AbsenceInput(_staffId, _from, _to, _text)), Logger);
                    break;
            }

            _messages = _errors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["Saved"], Severity.Success);
                if (Mode == DutyDialogMode.Pool && _createdPool is { } id)
                {
                    Dialog.Close(DialogResult.Ok(id));
                }
                else if (Mode != DutyDialogMode.Generate)
                {
                    Dialog.Close(DialogResult.Ok(0));
                }
            }
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The rotation order: members already in the pool keep their place, new ones follow in the list's order.</summary>
    private List<int> OrderMembers()
    {
        var chosen = _members.ToHashSet();
        var existing = Pool?.Members.OrderBy(m => m.Order).Select(m => m.StaffId).Where(chosen.Contains).ToList() ?? [];
        existing.AddRange(_eligible.Select(s => s.Id).Where(id => chosen.Contains(id) && !existing.Contains(id)));
        return existing;
    }
}
