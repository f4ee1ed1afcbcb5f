using System.Buffers.Binary;
using System.Text;

namespace Moby.Interop;

/// <summary>
/// Lists the classes and functions ("module.name") a pickle refers to, by walking its opcodes without
/// executing them. Razorvine has no catch-all hook for unknown classes, so the reader registers a
/// fallback constructor for each name found here before unpickling.
/// </summary>
static class PickleGlobals
{
    public static IReadOnlyCollection<string> In(byte[] pickle)
    {
        var names = new HashSet<string>();
        string? previousString = null, lastString = null;
        var position = 0;
        while (position < pickle.Length)
        {
            var opcode = pickle[position++];
            switch (opcode)
            {
                case (byte)'.': // STOP
                    return names;
                case (byte)'c' or (byte)'i': // GLOBAL, INST: "module\nname\n"
                    var module = Line(pickle, ref position);
                    names.Add($"{module}.{Line(pickle, ref position)}");
                    break;
                case 0x93: // STACK_GLOBAL takes module and name from the two strings just pushed
                    if (previousString is not null && lastString is not null) names.Add($"{previousString}.{lastString}");
                    break;
                case 0x8c or (byte)'X' or 0x8d: // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
                    var length = LengthPrefix(pickle, ref position, opcode == 0x8c ? 1 : opcode == (byte)'X' ? 4 : 8);
                    (previousString, lastString) = (lastString, Encoding.UTF8.GetString(pickle, position, length));
                    position += length;
                    break;
                default:
                    if (!Skip(opcode, pickle, ref position)) return names; // unknown opcode: the unpickler will report it
                    break;
            }
        }
        return names;
    }

    /// <summary>Moves past the argument of every other opcode; false for an unknown opcode.</summary>
    static bool Skip(byte opcode, byte[] pickle, ref int position)
    {
        switch (opcode)
        {
            case (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82: position += 1; return true;
            case (byte)'M' or 0x83: position += 2; return true;
            case (byte)'J' or (byte)'j' or (byte)'r' or 0x84: position += 4; return true;
            case (byte)'G' or 0x95: position += 8; return true;
            case (byte)'U' or (byte)'C' or 0x8a: position += LengthPrefix(pickle, ref position, 1); return true;
            case (byte)'T' or (byte)'B' or 0x8b: position += LengthPrefix(pickle, ref position, 4); return true;
            case 0x8e or 0x96: position += LengthPrefix(pickle, ref position, 8); return true;
            case (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P' or (byte)'g' or (byte)'p':
                Line(pickle, ref position);
                return true;
            default:
                return "(012NRabd}el]ostu)Q".Contains((char)opcode) || opcode is >= 0x81 and <= 0x98;
        }
    }

    static int LengthPrefix(byte[] pickle, ref int position, int size)
    {
        var bytes = pickle.AsSpan(position, size);
        position += size;
        var length = size switch
        {
            1 => bytes[0],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
        return checked((int)length);
    }

    static string Line(byte[] pickle, ref int position)
    {
        var end = Array.IndexOf(pickle, (byte)'\n', position);
        if (end < 0) end = pickle.Length;
        var line = Encoding.UTF8.GetString(pickle, position, end - position);
        position = end + 1;
        return line;
    }
}
