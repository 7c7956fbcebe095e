using Microsoft.Extensions.Options;

namespace OptService.Api.EventStream;

/// <summary>
/// Counts the open event streams of this process, in all and per API key, so that streams (each holds a
/// connection and reads the store every poll interval) cannot crowd out the rest of the API.
/// </summary>
internal sealed class EventStreamSlots(IOptions<EventStreamOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>A slot for one stream (dispose it when the stream ends), or null with the limit that refused it.</summary>
    /// <param name="client">The API key's name, "" when API keys are off (then only the process limit applies).</param>
    public (IDisposable? Slot, string? Refusal) TryEnter(string client)
    {
        var limits = options.Value;
        lock (_gate)
        {
            if (_open >= limits.MaxStreamsPerProcess)
                return (null, $"this process serves its maximum of {limits.MaxStreamsPerProcess} open event streams (Events:MaxStreamsPerProcess)");
            var mine = _perClient.GetValueOrDefault(client);
            if (client.Length > 0 && mine >= limits.MaxStreamsPerApiKey)
                return (null, $"this API key has its maximum of {limits.MaxStreamsPerApiKey} open event streams on this process (Events:MaxStreamsPerApiKey)");
            _open++;
            _perClient[client] = mine + 1;
            return (new Slot(this, client), null);
        }
    }

    private void Leave(string client)
    {
        lock (_gate)
        {
            _open--;
            if (--_perClient[client] == 0) _perClient.Remove(client);
        }
    }

    private sealed class Slot(EventStreamSlots slots, string client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) slots.Leave(client);
        }
    }
}
