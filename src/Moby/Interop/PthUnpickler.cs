using System.IO.Compression;
using Razorvine.Pickle;

namespace Moby.Interop;

/// <summary>
/// Unpickles a .pth file's data.pkl, resolving its persistent ids to the archive's storages. Replaces
/// PyBridge's reader, which casts the pickle's numbers to int unchecked, looks entries up with First() and
/// allocates whatever size the pickle declares; here every record is checked before anything is allocated.
/// </summary>
sealed class PthUnpickler(ZipArchive archive, string root) : Unpickler
{
    readonly Dictionary<string, PthStorage> storages = [];

    /// <summary>Bytes of the distinct storages the pickle referred to.</summary>
    public long StorageBytes => storages.Values.Sum(s => s.Elements * TensorBytes.ElementSize(s.Type));

    /// <summary>torch.save writes one persistent id per tensor; tensors sharing a storage repeat its key.</summary>
    protected override object persistentLoad(object pid)
    {
        var storage = PthStorage.From(pid, archive, root);
        if (!storages.TryGetValue(storage.Key, out var known))
            return storages[storage.Key] = storage;
        if (!known.SameAs(storage))
            throw new BadPickleException($"storage '{ShownNames.One(storage.Key)}' is described twice, with different types or sizes");
        return known;
    }
}
