using CaseDesk.Web.Jobs;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace CaseDesk.Tests.Web;

/// <summary>
/// Hangfire keeps one log provider for the whole process; a host that stops disposes its logger factory while
/// another host in the same process (the second of two servers, a restart) still creates jobs.
/// </summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public void ALiveFactory_GetsHangfiresMessages_AtTheirLevel()
    {
        var sink = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Information));
        var log = new HostSafeLogProvider(factory).GetLogger("Hangfire.Server.Worker");

        Assert.True(log.Log(HangfireLogLevel.Warn, () => "job 42 failed, retrying"));
        Assert.False(log.Log(HangfireLogLevel.Debug, () => "polling"));
        Assert.False(log.Log(HangfireLogLevel.Trace, null));
        Assert.True(log.Log(HangfireLogLevel.Error, null));

        var entry = Assert.Single(sink.Entries);
        Assert.Equal((LogLevel.Warning, "job 42 failed, retrying"), entry);
    }

    [Fact]
    public void AStoppedHostsFactory_NeitherThrowsNorLogs()
    {
        var sink = new ListLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(sink));
        var provider = new HostSafeLogProvider(factory);
        var before = provider.GetLogger("Hangfire.RecurringJobManager");
        factory.Dispose();

        Assert.Throws<ObjectDisposedException>(() => factory.CreateLogger("x"));
        var after = provider.GetLogger("Hangfire.Client.CoreBackgroundJobFactory");
        Assert.False(after.Log(HangfireLogLevel.Error, () => "lost"));
        before.Log(HangfireLogLevel.Error, () => "after stop");
        Assert.DoesNotContain(sink.Entries, e => e.Message == "lost");
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
