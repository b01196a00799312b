using System.Globalization;
using CaseDesk.Domain.Identity;
using Hangfire;

namespace CaseDesk.Web.Jobs;

/// <summary>Every recurring job of CaseDesk, in one place, in Asia/Taipei time.</summary>
public static class JobSchedule
{
    public const string DeadlineScan = "deadline-scan";
    public const string MailDelivery = "mail-delivery";
    public const string MorningDigest = "morning-digest";
    public const string PlannerStatistics = "planner-statistics";

    /// <param name="morningDigestAt">Notifications:MorningDigestAt (08:30 unless the operator set another time).</param>
    public static void Register(IRecurringJobManager jobs, TimeOnly morningDigestAt)
    {
        var taipei = new RecurringJobOptions { TimeZone = TaipeiTime.Zone };
        jobs.AddOrUpdate<DeadlineScanJob>(DeadlineScan, j => j.RunAsync(CancellationToken.None), "*/5 * * * *", taipei);
        jobs.AddOrUpdate<MailDeliveryJob>(MailDelivery, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), taipei);
        jobs.AddOrUpdate<MorningDigestJob>(MorningDigest, j => j.RunAsync(CancellationToken.None), DailyAt(morningDigestAt), taipei);
        jobs.AddOrUpdate<PlannerStatisticsJob>(PlannerStatistics, j => j.RunAsync(CancellationToken.None), DailyAt(new TimeOnly(3, 15)), taipei);
    }

    /// <summary>Every day at this minute: "30 8 * * *" for 08:30.</summary>
    public static string DailyAt(TimeOnly time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Minute} {time.Hour} * * *");
}
