using System.Diagnostics;

namespace CaseDesk.Benchmarks;

/// <summary>Milliseconds of repeated runs, summarised.</summary>
internal sealed class Sample(IReadOnlyList<double> milliseconds)
{
    public IReadOnlyList<double> Milliseconds { get; } = milliseconds;

    public int Count => Milliseconds.Count;

    public double Median => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double P99 => Percentile(0.99);

    public double Max => Count == 0 ? double.NaN : Milliseconds.Max();

    public static Sample Of(IEnumerable<double> values) => new([.. values]);

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="p"/> of the runs at or below it.</summary>
    public double Percentile(double p)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var sorted = Milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="warmups"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    public static async Task<Sample> MeasureAsync(int warmups, int runs, Func<Task> action, Func<Task>? before = null)
    {
        for (var i = 0; i < warmups; i++)
        {
            if (before is not null)
            {
                await before();
            }

            await action();
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            if (before is not null)
            {
                await before();
            }

            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new Sample(times);
    }
}
