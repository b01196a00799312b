using System.Globalization;
using System.Security.Claims;
using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CaseDesk.Tests.Support;

/// <summary>
/// One bUnit context with MudBlazor, the real localizer and the real domain services over a
/// <see cref="TestDomain"/>, signed in as the given actor. Use with <c>await using</c>.
/// </summary>
public static class BunitHost
{
    /// <summary>The domain services pages inject, taken from the test's real domain.</summary>
    private static readonly Type[] DomainServices =
    [
        typeof(CaseDesk.Domain.Cases.CaseService),
        typeof(CaseDesk.Domain.Reference.ReferenceDataService),
        typeof(CaseDesk.Domain.Auditing.AuditService),
        typeof(CaseDesk.Domain.Calendar.CalendarService),
        typeof(CaseDesk.Domain.Petitions.PetitionService),
        typeof(CaseDesk.Domain.Petitions.PetitionStatisticsService),
        typeof(CaseDesk.Domain.Drafts.DraftService),
        typeof(CaseDesk.Domain.Dashboard.DashboardService),
        typeof(CaseDesk.Domain.Dashboard.MyDeskService),
        typeof(CaseDesk.Domain.Notifications.NotificationService),
        typeof(CaseDesk.Domain.Notifications.MailOutboxService),
        typeof(CaseDesk.Domain.Common.IChangeNotifier),
        typeof(CaseDesk.Domain.Installments.InstallmentService),
        typeof(CaseDesk.Domain.Duty.DutyService),
        typeof(CaseDesk.Domain.Calls.CallService),
        typeof(CaseDesk.Domain.Referrals.ReferralService),
        typeof(CaseDesk.Domain.Referrals.ReferralStatisticsService),
    ];

    /// <param name="services">Extra services a page needs (registered before anything is rendered).</param>
    public static BunitContext Create(TestDomain domain, Actor actor, string culture = "zh-TW", Action<IServiceCollection>? services = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;

        // Renders that wait on a real database: a loaded 2-core CI machine needs more than bUnit's default second.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        ctx.Services.AddMudServices();
        ctx.Services.AddTransient<MudLocalizer, CaseDeskMudLocalizer>();
        ctx.Services.AddLocalization();
        ctx.Services.AddScoped<ActorAccessor>();
        ctx.Services.AddSingleton(domain.Clock as TimeProvider);
        foreach (var type in DomainServices)
        {
            ctx.Services.AddSingleton(type, domain.Services.GetRequiredService(type));
        }

        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(actor.DisplayName);
        auth.SetRoles(actor.Roles.ToArray());
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, actor.UserId), new(CaseDeskClaims.DisplayName, actor.DisplayName) };
        if (actor.StaffId is { } staffId)
        {
            claims.Add(new Claim(CaseDeskClaims.StaffId, staffId.ToString(CultureInfo.InvariantCulture)));
        }

        if (actor.UnitId is { } unitId)
        {
            claims.Add(new Claim(CaseDeskClaims.UnitId, unitId.ToString(CultureInfo.InvariantCulture)));
        }

        auth.SetClaims(claims.ToArray());
        services?.Invoke(ctx.Services);
        // Popovers (selects, menus) and dialogs need their providers in the tree.
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
