namespace CaseDesk.Domain.Common;

/// <summary>Prefix search that a b-tree index can serve: <c>value &gt;= prefix AND value &lt; PrefixEnd(prefix)</c>.</summary>
public static class TextSearch
{
    /// <summary>
    /// The prefix followed by U+10FFFF, the highest code point: it sorts after every string that starts with
    /// the prefix, including names with supplementary-plane characters (SQLite compares UTF-8 bytes).
    /// </summary>
    public static string PrefixEnd(string prefix) => prefix + "\U0010FFFF";
}
