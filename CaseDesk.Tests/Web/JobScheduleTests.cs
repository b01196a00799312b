using CaseDesk.Domain;
using CaseDesk.Domain.Notifications;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseDesk.Tests.Web;

public sealed class JobScheduleTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    [Fact]
    public void RecurringJobs_AreRegisteredOnce_InTaipeiTime_OnPersistentStorage()
    {
        _ = factory.CreateClient();
        var storage = factory.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();

        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal([JobSchedule.DeadlineScan, JobSchedule.MailDelivery, JobSchedule.MorningDigest, JobSchedule.PlannerStatistics], jobs.Keys.Order().ToArray());
        Assert.All(jobs.Values, j => Assert.Equal("Asia/Taipei", j.TimeZoneId));
        Assert.Equal("*/5 * * * *", jobs[JobSchedule.DeadlineScan].Cron);
        Assert.Equal("30 8 * * *", jobs[JobSchedule.MorningDigest].Cron);
        Assert.Equal("15 3 * * *", jobs[JobSchedule.PlannerStatistics].Cron);
        // Persistent storage of the app's own engine: its own SQLite file, or the PostgreSQL database's hangfire schema.
        var expected = factory.Database.Provider == CaseDesk.Domain.Data.Providers.DatabaseProvider.Postgres
            ? "Hangfire.PostgreSql.PostgreSqlStorage"
            : "Hangfire.Storage.SQLite.SQLiteStorage";
        Assert.Equal(expected, storage.GetType().FullName);
    }

    [Fact]
    public async Task MorningDigest_TimeFromAppSettings_IsTheJobsSchedule()
    {
        await using var configured = new CaseDeskAppFactory();
        using var app = configured.WithWebHostBuilder(b => b.UseSetting("Notifications:MorningDigestAt", "07:45"));
        _ = app.CreateClient();
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var digest = connection.GetRecurringJobs().Single(j => j.Id == JobSchedule.MorningDigest);

        Assert.Equal("45 7 * * *", digest.Cron);
        Assert.Equal("Asia/Taipei", digest.TimeZoneId);
    }

    [Fact]
    public async Task MorningDigest_BadTime_StopsTheStartUp_WithAMessageNamingTheKey()
    {
        // The real server process: the operator reads one line on the console, and the database is never touched.
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-start", Guid.NewGuid().ToString("N"));
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseDesk.Web.dll"));
        start.ArgumentList.Add("--Notifications:MorningDigestAt=8點半");
        start.ArgumentList.Add($"--ConnectionStrings:CaseDesk=Data Source={Path.Combine(folder, "casedesk.db")}");
        start.ArgumentList.Add($"--Hangfire:StorageFile={Path.Combine(folder, "hangfire.db")}");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, process.ExitCode);
        Assert.Contains("Notifications:MorningDigestAt", stderr);
        Assert.Contains("「8點半」", stderr);
        Assert.Contains("HH:mm", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(Path.Combine(folder, "casedesk.db")), "the database must not be created before the settings are checked");
    }

    [Theory]
    [InlineData("08:30", 8, 30)]
    [InlineData("8:05", 8, 5)]
    [InlineData(" 17:00 ", 17, 0)]
    public void DigestTime_HoursAndMinutes_AreAccepted(string value, int hour, int minute)
    {
        Assert.True(NotificationOptions.TryParseTime(value, out var time));
        Assert.Equal(new TimeOnly(hour, minute), time);
        Assert.Equal($"{minute} {hour} * * *", JobSchedule.DailyAt(time));
    }

    [Theory]
    [InlineData("")]
    [InlineData("24:00")]
    [InlineData("08:30:15")]
    [InlineData("8.30")]
    [InlineData("8:30 PM")]
    public void DigestTime_AnythingElse_IsRefusedByTheValidator(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:MorningDigestAt"] = value }).Build();
        using var services = new ServiceCollection().AddLogging().AddCaseDeskDomain(configuration, "Data Source=unused.db", Path.GetTempPath()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NotificationOptions>>().Value);

        Assert.Contains("Notifications:MorningDigestAt", error.Message);
    }

}
