using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Reference;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseDesk.Domain;

public static class DependencyInjection
{
    /// <summary>Registers the database and every domain service.</summary>
    /// <param name="connectionString">
    /// For the engine named by <c>Database:Provider</c> (SQLite unless set): a relative SQLite data source is
    /// taken relative to <paramref name="contentRoot"/>.
    /// </param>
    public static IServiceCollection AddCaseDeskDomain(this IServiceCollection services, IConfiguration configuration, string connectionString, string contentRoot) =>
        services.AddCaseDeskDomain(configuration, DatabaseEngine.Create(configuration, connectionString, contentRoot));

    /// <summary>Registers the database of <paramref name="engine"/> and every domain service.</summary>
    public static IServiceCollection AddCaseDeskDomain(this IServiceCollection services, IConfiguration configuration, DatabaseEngine engine)
    {
        services.AddSingleton(engine);
        engine.AddServices(services);

        services.AddOptions<OfficeHoursOptions>().Bind(configuration.GetSection(OfficeHoursOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChangeNotifier, InProcessChangeNotifier>();
        services.AddSingleton<CaseDeskDbFactory>();
        services.AddSingleton<CalendarService>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<ReferenceDataService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<PersonalDataAccessService>();
        services.AddOptions<Users.SecurityOptions>().Bind(configuration.GetSection(Users.SecurityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<Users.SecurityOptions>, Users.SecurityOptionsValidator>());
        services.AddSingleton<Users.AccountAuditService>();
        services.AddOptions<PetitionPolicyOptions>().Bind(configuration.GetSection(PetitionPolicyOptions.SectionName));
        services.AddSingleton<PetitionService>();
        services.AddSingleton<PetitionStatisticsService>();
        services.AddSingleton<ICalendarChangeHandler, PetitionDeadlineRecalculator>();
        services.AddSingleton<DraftService>();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.AddSingleton<ReminderService>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<MailOutboxService>();
        services.AddSingleton<MorningDigestService>();
        services.AddSingleton<Dashboard.DashboardService>();
        services.AddSingleton<Dashboard.MyDeskService>();
        services.AddOptions<InstallmentOptions>().Bind(configuration.GetSection(InstallmentOptions.SectionName));
        services.AddSingleton<InstallmentService>();
        services.AddSingleton<ICalendarChangeHandler, InstallmentDefaultRecalculator>();
        services.AddSingleton<Duty.DutyService>();
        services.AddSingleton<ICalendarChangeHandler, Duty.DutyCalendarHandler>();
        services.AddOptions<Calls.CallOptions>().Bind(configuration.GetSection(Calls.CallOptions.SectionName));
        services.AddSingleton<Calls.CallService>();
        services.AddSingleton<ICalendarChangeHandler, Calls.CallbackRecalculator>();
        services.AddOptions<Referrals.ReferralOptions>().Bind(configuration.GetSection(Referrals.ReferralOptions.SectionName))
            .Configure(o => o.OfficeName = configuration["Office:Name"] is { Length: > 0 } office ? office : o.OfficeName);
        services.AddSingleton<Referrals.ReferralService>();
        services.AddSingleton<Referrals.ReferralStatisticsService>();
        services.AddSingleton<ICalendarChangeHandler, Referrals.ReferralDeadlineRecalculator>();
        services.AddSingleton<InstallmentStatisticsService>();
        services.AddOptions<ServiceQuality.ServiceQualityOptions>().Bind(configuration.GetSection(ServiceQuality.ServiceQualityOptions.SectionName));
        services.AddSingleton<ServiceQuality.SurveyService>();
        services.AddSingleton<ServiceQuality.SpotCheckService>();
        services.AddSingleton<ServiceQuality.ServiceQualityReportService>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
