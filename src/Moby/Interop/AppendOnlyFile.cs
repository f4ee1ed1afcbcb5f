using Microsoft.Win32.SafeHandles;

namespace Moby.Interop;

/// <summary>
/// A log a run appends whole records to, which must never cost the run (metrics.jsonl, TensorBoard event files): each
/// record is written by one write call at the end of what was written before. A failed write (a full disk) is reported
/// once through <c>report</c>, ending with <c>goesOn</c> (what the run still does), and later records are tried
/// again; the torn part of a record is cut off, so that the next record starts where the last whole one ended.
/// </summary>
internal sealed class AppendOnlyFile(string path, Action<string> report, string goesOn) : IDisposable
{
    private SafeFileHandle? file;
    private long length;
    private bool failing;

    /// <summary>
    /// Runs <paramref name="prepare"/> (e.g. cutting the file back, creating its folder), then opens the file with
    /// <paramref name="mode"/>. A failure of either is reported, and records are then dropped.
    /// </summary>
    /// <param name="step">The step of the first record to write, for the report.</param>
    public void Open(FileMode mode, long step, Action? prepare = null)
    {
        try
        {
            prepare?.Invoke();
            file = File.OpenHandle(path, mode, FileAccess.Write);
            length = RandomAccess.GetLength(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(e, step);
        }
    }

    /// <summary>Appends one whole record; <paramref name="step"/> is the step it belongs to, for the reports.</summary>
    public void Append(ReadOnlySpan<byte> record, long step)
    {
        if (file == null) return; // not opened: reported then
        try
        {
            RandomAccess.Write(file, record, length);
            length += record.Length;
            if (failing) report($"{ShownNames.Path(path)}: writing again from step {step} on.");
            failing = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CutTornRecord();
            if (!failing) Failed(e, step);
            failing = true;
        }
    }

    /// <summary>Best effort: what is left of a torn record is also overwritten by the next record, written at the same offset.</summary>
    private void CutTornRecord()
    {
        try { RandomAccess.SetLength(file!, length); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private void Failed(Exception e, long step) =>
        report($"Could not write {ShownNames.Path(path)}: {(Directory.Exists(path) ? "it is a folder; a file was expected" : OutputPath.Reason(Path.GetDirectoryName(Path.GetFullPath(path))!, e))}; " +
               $"records from step {step} on are missing from it until writing works again. {goesOn}");

    public void Dispose() => file?.Dispose();
}
