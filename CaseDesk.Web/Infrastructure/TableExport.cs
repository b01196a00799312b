using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace CaseDesk.Web.Infrastructure;

/// <summary>One table of an export: a sheet in Excel, a block in CSV. Cells are text or numbers (numbers stay numbers in Excel).</summary>
internal sealed record ExportTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object>> Rows);

/// <summary>
/// Every statistics export's file, built one way: CSV (UTF-8 with BOM, so Excel on Windows opens the Chinese
/// text; the tables one after another, each after the first under its title; no field ever runs as a formula)
/// or Excel (one sheet per table).
/// </summary>
internal static class TableExport
{
    private const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static bool IsCsv(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>How the audit trail names the format.</summary>
    public static string FormatName(string? format) => IsCsv(format) ? "CSV" : "Excel";

    public static async Task<IResult> FileAsync(string? format, string name, IReadOnlyList<ExportTable> tables, CancellationToken ct)
    {
        if (IsCsv(format))
        {
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(tables))).ToArray(), "text/csv; charset=utf-8", name + ".csv");
        }

        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            sheets[SheetName(table.Title, sheets.Keys)] = table.Rows.Select(row =>
            {
                var line = new Dictionary<string, object>();
                for (var i = 0; i < table.Headers.Count; i++)
                {
                    line[table.Headers[i]] = i < row.Count ? row[i] : "";
                }

                return line;
            }).ToList();
        }

        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        stream.Position = 0;
        return Results.File(stream, ExcelType, name + ".xlsx");
    }

    /// <summary>An Excel sheet name: at most 31 characters, none of []:*?/\, and unique in the file.</summary>
    public static string SheetName(string title, IEnumerable<string> taken)
    {
        var clean = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        var name = clean.Length > 31 ? clean[..31] : clean;
        var used = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var n = 2; used.Contains(name); n++)
        {
            var suffix = $"({n})";
            name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }

        return name;
    }

    public static string ToCsv(IReadOnlyList<ExportTable> tables)
    {
        var csv = new StringBuilder();
        foreach (var table in tables)
        {
            if (csv.Length > 0)
            {
                csv.AppendLine();
                csv.AppendLine(Csv(table.Title));
            }

            csv.AppendLine(string.Join(",", table.Headers.Select(Csv)));
            foreach (var row in table.Rows)
            {
                csv.AppendLine(string.Join(",", row.Select(cell => Csv(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""))));
            }
        }

        return csv.ToString();
    }

    /// <summary>A CSV field: quoted where needed, and a leading =, +, - or @ neutralised so a spreadsheet never runs it as a formula.</summary>
    public static string Csv(string value)
    {
        var formula = value.Length > 0 && (value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1])));
        if (formula)
        {
            value = "'" + value;
        }

        return value.Contains(',') || value.Contains('"') || value.Contains('\n') || value.Contains('\r') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
