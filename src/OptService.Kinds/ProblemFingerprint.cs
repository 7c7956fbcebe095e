using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OptService.Kinds;

/// <summary>
/// Identifies a validated problem however its JSON was spelled, so that a client that rebuilds its request on a
/// retry is recognised by its Idempotency-Key. The typed problem is serialized again in one canonical form and
/// hashed (SHA-256): the round trip through the kind's records removes key order, whitespace, escapes and number
/// spelling (<c>1000</c>, <c>1e3</c>, <c>1000.0</c>), and fields absent or written out with their default read
/// the same. Two more rules make defaults that records cannot express equal: an object of a type whose every
/// member is optional (an <c>options</c> object) is written like an absent one when it equals its all-defaults
/// instance (<c>"options": {"solver": "auto"}</c> = no options), and dictionary entries are written in key order.
/// </summary>
/// <remarks>
/// The serializer writes straight into the hash, never into a buffer: at 500,000 arcs this costs a quarter to a
/// third of the parse it follows (about what hashing the compacted bytes cost before), and it runs only for submissions that carry an Idempotency-Key.
/// </remarks>
public static class ProblemFingerprint
{
    private static readonly JsonSerializerOptions Canonical = CreateOptions();

    /// <summary>Hex SHA-256 of the kind's name and the problem in canonical JSON.</summary>
    public static string Of(string kind, object problem, Type problemType)
    {
        using var hash = new HashStream();
        hash.Write(Encoding.UTF8.GetBytes(kind + "\n"));
        JsonSerializer.Serialize(hash, problem, problemType, Canonical);
        return Convert.ToHexString(hash.Finish());
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JobJson.Options)
        {
            TypeInfoResolver = JobJson.Options.TypeInfoResolver!.WithAddedModifier(Canonicalize),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void Canonicalize(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get) continue;
            if (AllDefaultsInstance(property.PropertyType) is { } defaults)
            {
                var inner = property.ShouldSerialize;
                property.ShouldSerialize = (owner, value) =>
                    value is not null && !value.Equals(defaults) && (inner is null || inner(owner, value));
            }
            else if (StringKeyedDictionaryValue(property.PropertyType) is { } valueType)
            {
                var sort = typeof(ProblemFingerprint).GetMethod(nameof(SortedByKey), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(valueType);
                property.Get = owner => get(owner) is { } dictionary ? sort.Invoke(null, [dictionary]) : null;
            }
        }
    }

    /// <summary>
    /// A default-constructed instance of a record whose members are all optional (records compare by value), or null
    /// for anything else: strings, collections, records with required members, types without a parameterless constructor.
    /// </summary>
    private static object? AllDefaultsInstance(Type type)
    {
        if (!type.IsClass || type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsDefined(typeof(RequiredMemberAttribute), inherit: true) || type.GetConstructor(Type.EmptyTypes) is null) return null;
        return Activator.CreateInstance(type);
    }

    private static Type? StringKeyedDictionaryValue(Type type) =>
        type.IsGenericType
        && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
        && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            ? value
            : null;

    private static SortedDictionary<string, TValue> SortedByKey<TValue>(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        var sorted = new SortedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in entries) sorted[key] = value;
        return sorted;
    }

    /// <summary>A write-only stream that feeds what is written into SHA-256.</summary>
    private sealed class HashStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Finish() => _hash.GetHashAndReset();

        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);
        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
