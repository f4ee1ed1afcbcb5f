using Moby.IO;
using Moby.Interop;

namespace Moby.Data;

/// <summary>Reading a data set's files: what the file system refuses becomes one <see cref="DataException"/> naming the file.</summary>
internal static class DataFile
{
    public static T Read<T>(string path, Func<T> read)
    {
        FileKind.RequireRegular(path, reason => new DataException($"cannot read '{ShownNames.Path(path)}': {reason}"));
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    public static DataException Unreadable(string path, Exception e) => new($"cannot read '{ShownNames.Path(path)}': {ShownNames.IoMessage(e)}", e);
}
