using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Web.Components.Shared;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Calls;

/// <summary>One after-hours call: what was asked, where it went, the callback attempts and how it closed.</summary>
public sealed partial class CallDetailPage : IDisposable
{
    private CallDetail? _c;
    private bool _loaded;
    private DateTime _now;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private LiveUpdates? _live;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private CallService Calls { get; set; } = default!;

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
        }, nameof(AfterHoursCall));

    /// <summary>Also when a "possible repeat" link opens another call in the same page.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_c?.Id != Id)
        {
            _loaded = false;
            await LoadAsync();
        }
    }

    private async Task<Result<string?>> RevealPhoneAsync() => await Calls.RevealPhoneAsync(await Actors.GetAsync(), Id);

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        _c = await Calls.GetAsync(await Actors.GetAsync(), Id);
        _loaded = true;
        _breadcrumbs = [new(L["NavCalls"], "/calls"), new(_c?.Number ?? "", null, disabled: true)];
    }

    private async Task ActAsync(CallAction action)
    {
        var parameters = new DialogParameters<CallActionDialog> { { d => d.Action, action }, { d => d.Call, _c! } };
        var dialog = await Dialogs.ShowAsync<CallActionDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    public void Dispose() => _live?.Dispose();
}
