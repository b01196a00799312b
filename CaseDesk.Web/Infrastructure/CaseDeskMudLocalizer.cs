using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Infrastructure;

/// <summary>MudBlazor's own strings (pager, dialogs, inputs) come from our resources as <c>Mud.&lt;key&gt;</c>.</summary>
internal sealed class CaseDeskMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var value = localizer["Mud." + key];
            return new LocalizedString(key, value.Value, value.ResourceNotFound);
        }
    }
}
