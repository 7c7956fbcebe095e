using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol with a plain <see cref="ClientWebSocket"/>:
/// no driver package and no browser download. Started with <c>--remote-debugging-port=0</c>, it prints the
/// DevTools address on stderr; the page target's socket comes from <c>/json/list</c>. Only the process this class
/// started (and its children) is killed, by its own handle. tests/run.sh installs the <c>chromium</c> package.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _nextId;
    private Task _reader = Task.CompletedTask;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Errors the page reported: uncaught exceptions, console.error, and browser log errors (CSP violations, failed loads).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>The errors but the browser's notes of HTTP answers with these statuses, which the page expects and shows (a 400, a 401).</summary>
    public IReadOnlyList<string> ErrorsBut(params int[] answeredStatuses) =>
        Errors.Where(error => !answeredStatuses.Any(status => error.Contains($"the server responded with a status of {status}", StringComparison.Ordinal))).ToList();

    public static async Task<HeadlessChromium> StartAsync(int width = 1366, int height = 900)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: this test drives Debian's chromium. Run the tests with tests/run.sh, which installs it (apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("optservice-chromium-");
        var info = new ProcessStartInfo(ExecutablePath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}",
            $"--window-size={width},{height}", "--hide-scrollbars", "--lang=en-US",
        }) info.ArgumentList.Add(argument);
        // Chromium refuses to run its sandbox as root; the test machines run tests as root.
        if (Environment.UserName == "root") info.ArgumentList.Add("--no-sandbox");
        info.ArgumentList.Add("about:blank");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start chromium");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(width, height);
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
        return browser;
    }

    private async Task ConnectAsync(int width, int height)
    {
        _ = _process.StandardOutput.ReadToEndAsync(_stop.Token);
        var stderr = new StringBuilder();
        var port = await Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await _process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                stderr.AppendLine(line);
                if (DevToolsAddress().Match(line) is { Success: true } match) return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            throw new InvalidOperationException($"chromium exited before it listened:\n{stderr}");
        });
        // Keep draining stderr, or chromium blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            try { while (await _process.StandardError.ReadLineAsync(_stop.Token) is not null) { } }
            catch (OperationCanceledException) { }
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), _stop.Token);
        _reader = Task.Run(ReadLoopAsync);
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsAddress();

    /// <summary>Sends one DevTools command and returns its result (throws with the protocol's error).</summary>
    public async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _sendGate.Release();
        }
        return await answer.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!;
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
                {
                    if (node["error"] is { } error) answer.SetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                    else answer.SetResult(node["result"] ?? new JsonObject());
                }
                else if (node["method"]?.GetValue<string>() is { } method) Observe(method, node["params"]);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // closing
        }
        finally
        {
            foreach (var waiting in _pending.Values) waiting.TrySetException(new InvalidOperationException("the DevTools connection closed"));
        }
    }

    private void Observe(string method, JsonNode? parameters)
    {
        if (parameters is null) return;
        if (method == "Runtime.exceptionThrown")
        {
            var details = parameters["exceptionDetails"];
            _errors.Enqueue("exception: " + (details?["exception"]?["description"]?.ToString() ?? details?["text"]?.ToString()));
        }
        else if (method == "Runtime.consoleAPICalled" && parameters["type"]?.GetValue<string>() == "error")
        {
            _errors.Enqueue("console.error: " + parameters["args"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded" && parameters["entry"] is { } entry && entry["level"]?.GetValue<string>() == "error")
        {
            _errors.Enqueue($"log: {entry["text"]} {entry["url"]}");
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until the document has loaded; forgets the errors seen before.</summary>
    public async Task NavigateAsync(string url)
    {
        _errors.Clear(); // errors belong to what a test did since it opened its page
        var answer = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (answer["errorText"]?.GetValue<string>() is { Length: > 0 } error) throw new InvalidOperationException($"navigating to {url}: {error}");
        await WaitForAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var answer = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true,
        });
        if (answer["exceptionDetails"] is { } failure)
            throw new InvalidOperationException($"{expression} threw: {failure["exception"]?["description"] ?? failure["text"]}");
        return answer["result"]?["value"]?.DeepClone();
    }

    /// <summary>Polls <paramref name="expression"/> until it is truthy; returns its value. On timeout, fails with the page's text.</summary>
    public async Task<JsonNode> WaitForAsync(string expression, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync(expression);
            if (IsTruthy(value)) return value!;
            if (DateTime.UtcNow > deadline)
            {
                var text = await EvaluateAsync("document.body ? document.body.innerText.slice(0, 3000) : ''");
                throw new TimeoutException($"'{expression}' was not true within {timeout}. Page errors: {string.Join(" | ", Errors)}\nPage text:\n{text}");
            }
            await Task.Delay(100);
        }
    }

    private static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0 && !double.IsNaN(d),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        _ => true,
    };

    /// <summary>Sets an input's value as typing would (the page's input/change listeners run).</summary>
    public Task FillAsync(string selector, string value) => EvaluateAsync(
        $"(() => {{ const e = document.querySelector({JsonSerializer.Serialize(selector)}); e.value = {JsonSerializer.Serialize(value)}; " +
        "e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; })()");

    public Task ClickAsync(string selector) => EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).click()");

    /// <summary>A PNG of the whole page (beyond the window's height), written to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var size = metrics["cssContentSize"] ?? metrics["contentSize"]!;
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["scale"] = 1,
                ["width"] = Math.Ceiling(size["width"]!.GetValue<double>()),
                ["height"] = Math.Min(4000, Math.Ceiling(size["height"]!.GetValue<double>())),
            },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception exception) when (exception is WebSocketException or TimeoutException or OperationCanceledException)
        {
            // the browser goes away below anyway
        }
        await _stop.CancelAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort: chromium may still be closing a file
        }
    }
}
