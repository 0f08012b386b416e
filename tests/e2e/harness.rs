//! Drives the real app binary in a real window: Xvfb for the display, WebKitWebDriver for the
//! webview, and plain W3C WebDriver over HTTP (`ureq` + `serde_json`: no async runtime to fight).
//!
//! Each [`App`] has its own Xvfb display, driver port and registry folder, so tests are independent.
//! Sessions run one at a time (2 cores: a WebKit start-up is heavy and timing-sensitive).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(15);

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The real app binary built by Cargo for this test.
pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_luban-desktop"))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Whether the display server and the WebDriver are installed. Without them the end-to-end tests
/// fail on CI (where `.ci/run` installs them) and are skipped loudly elsewhere.
pub fn tools_present() -> bool {
    let missing: Vec<&str> = ["Xvfb", "WebKitWebDriver"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "end-to-end tests need {} (Debian: apt-get install xvfb xauth webkit2gtk-driver)",
        missing.join(" and ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    );
    eprintln!("!!! SKIPPED: {message}");
    eprintln!(
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A child process killed when dropped.
struct Owned(Child);

impl Drop for Owned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a display it picks itself (`-displayfd`), returning the process and `:N`.
fn start_xvfb() -> (Owned, String) {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let stdout = child.stdout.take().expect("Xvfb's stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("Xvfb reports its display");
    let display = format!(":{}", line.trim());
    (Owned(child), display)
}

/// What a test sets up before the app starts.
#[derive(Default)]
pub struct Launch {
    /// The registry file (`LUBAN_DB`); a fresh one in the app's temp folder when `None`.
    pub db: Option<PathBuf>,
    /// What the native dialogs "choose" (`LUBAN_TEST_DIALOG_PATH`, feature `dialog-seam`).
    pub dialog_path: Option<PathBuf>,
    /// Window size in CSS pixels, if not the default.
    pub size: Option<(u32, u32)>,
    /// More environment for the app (through the driver), e.g. WebKit rendering switches.
    pub env: Vec<(&'static str, &'static str)>,
}

/// A running app in its own display, driven over WebDriver.
pub struct App {
    base: String,
    agent: ureq::Agent,
    /// The temporary folder of this test (registry, inputs, outputs).
    pub dir: tempfile::TempDir,
    /// The registry file.
    pub db: PathBuf,
    /// The WebDriver's process id (the app is its child).
    pub driver_pid: u32,
    _driver: Owned,
    _xvfb: Owned,
    _serial: MutexGuard<'static, ()>,
}

impl App {
    /// Starts the app with a fresh registry; `None` when the tools are missing (and not on CI).
    pub fn start() -> Option<App> {
        Self::launch(|_| Launch::default())
    }

    /// Starts the app after `setup` has prepared its folder (a registry, files to import, …).
    pub fn launch(setup: impl FnOnce(&Path) -> Launch) -> Option<App> {
        if !tools_present() {
            return None;
        }
        let serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let dir = tempfile::tempdir().expect("temp dir");
        let launch = setup(dir.path());
        let db = launch
            .db
            .clone()
            .unwrap_or_else(|| dir.path().join("registry.sqlite3"));
        let (xvfb, display) = start_xvfb();
        let port = free_port();
        let mut driver = Command::new("WebKitWebDriver");
        driver
            .arg(format!("--port={port}"))
            .env("DISPLAY", &display)
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("GSETTINGS_BACKEND", "memory")
            .env("LUBAN_DB", &db)
            // Keep the webview's own data (localStorage) inside this test's folder.
            .env("XDG_DATA_HOME", dir.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", dir.path().join("xdg-cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("xdg-config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in &launch.env {
            driver.env(name, value);
        }
        match &launch.dialog_path {
            Some(path) => driver.env("LUBAN_TEST_DIALOG_PATH", path),
            None => driver.env_remove("LUBAN_TEST_DIALOG_PATH"),
        };
        let driver = Owned(driver.spawn().expect("WebKitWebDriver starts"));
        let driver_pid = driver.0.id();
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < WAIT,
                "WebKitWebDriver did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {
            "binary": app_binary().to_string_lossy(),
            "args": []
        }}}});
        let session = call(&agent, "POST", &format!("{base}/session"), Some(caps))
            .unwrap_or_else(|e| panic!("a WebDriver session with the app: {e}"));
        let id = session["value"]["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        let app = App {
            base: format!("{base}/session/{id}"),
            agent,
            dir,
            db,
            driver_pid,
            _driver: driver,
            _xvfb: xvfb,
            _serial: serial,
        };
        if let Some((w, h)) = launch.size {
            app.resize(w, h);
        }
        app.wait_until(
            "the first screen is drawn",
            "return document.body.dataset.readyMs !== undefined",
        );
        Some(app)
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let body = (method == "POST").then_some(body);
        call(&self.agent, method, &format!("{}{path}", self.base), body).map(|v| v["value"].clone())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Sets the window's size.
    pub fn resize(&self, width: u32, height: u32) {
        let _ = self.cmd(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
    }

    /// Runs `script` asynchronously: it ends by calling its last argument with the result.
    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            json!({"script": script, "args": args}),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until `script` returns true.
    pub fn wait_until(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            if let Ok(v) = self.cmd(
                "POST",
                "/execute/sync",
                json!({"script": script, "args": []}),
            ) {
                if v == Value::Bool(true) {
                    return;
                }
            }
            if started.elapsed() > WAIT {
                let text = self.js("return document.body.innerText", json!([]));
                panic!(
                    "timed out waiting until {what}; the page says:\n{}",
                    text.as_str().unwrap_or("")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element<'_> {
        let started = Instant::now();
        loop {
            if let Ok(v) = self.cmd(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            ) {
                if let Some(id) = v[ELEMENT].as_str() {
                    return Element {
                        app: self,
                        id: id.to_string(),
                    };
                }
            }
            if started.elapsed() > WAIT {
                let text = self.js("return document.body.innerText", json!([]));
                panic!(
                    "no element matches {css:?}; the page says:\n{}",
                    text.as_str().unwrap_or("")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// How many elements match `css` now.
    pub fn count(&self, css: &str) -> usize {
        self.js(
            "return document.querySelectorAll(arguments[0]).length",
            json!([css]),
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    /// The visible text of the first element matching `css`, waiting for it to appear.
    pub fn text(&self, css: &str) -> String {
        self.find(css).text()
    }

    /// Waits until the element matching `css` contains `needle` in its text.
    pub fn wait_for_text(&self, css: &str, needle: &str) {
        let script = format!(
            "const e = document.querySelector({}); return !!e && e.textContent.includes({});",
            json!(css),
            json!(needle)
        );
        self.wait_until(&format!("{css} shows {needle:?}"), &script);
    }

    /// Sets a `<select>` (or input) to `value` as a user would, firing its events.
    pub fn choose(&self, css: &str, value: &str) {
        self.find(css);
        self.js(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }

    /// Goes to a screen by its address (`#/workshops`).
    /// Reloads the page and waits until the new one has drawn its navigation, so that the next
    /// step cannot run in the page being unloaded (WebDriver then fails it with "no such frame").
    pub fn reload(&self) {
        self.js(
            "window.__lubanBeforeReload = true; setTimeout(() => location.reload(), 0)",
            json!([]),
        );
        self.wait_until(
            "the page reloaded",
            "return !window.__lubanBeforeReload && !!document.querySelector('nav')",
        );
    }

    pub fn go(&self, hash: &str) {
        self.js("location.hash = arguments[0]", json!([hash]));
    }

    /// Presses Ctrl (or, as the UI also accepts, Cmd) with `key`, as a user's keyboard would.
    pub fn press_with_control(&self, key: &str) {
        const CONTROL: &str = "\u{E009}";
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": CONTROL},
            {"type": "keyDown", "value": key},
            {"type": "keyUp", "value": key},
            {"type": "keyUp", "value": CONTROL}
        ]}]});
        self.cmd("POST", "/actions", actions)
            .unwrap_or_else(|e| panic!("key press failed: {e}"));
    }

    /// Whether the page has an open JavaScript alert (a script ran that should not have).
    pub fn alert_open(&self) -> bool {
        self.cmd("GET", "/alert/text", Value::Null).is_ok()
    }

    /// Saves a PNG of the window to `path`, after the last change is painted.
    pub fn screenshot(&self, path: &Path) {
        self.cmd(
            "POST",
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", "args": []}),
        )
        .expect("two frames painted");
        let data = self
            .cmd("GET", "/screenshot", Value::Null)
            .expect("a screenshot");
        use base64::Engine;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().expect("base64 PNG"))
            .expect("valid base64");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("screenshot folder");
        }
        std::fs::write(path, png).expect("screenshot written");
    }
}

impl App {
    /// Closes the app (ending the session) and hands back its folder, to look at what it left.
    pub fn close(mut self) -> tempfile::TempDir {
        let _ = call(&self.agent, "DELETE", &self.base, None);
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("temp dir"));
        drop(self);
        dir
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // Deleting the session closes the app; the driver and display are then killed.
        let _ = call(&self.agent, "DELETE", &self.base, None);
    }
}

/// An element of the page.
pub struct Element<'a> {
    app: &'a App,
    id: String,
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    /// Clicks it (scrolled into view first by the driver).
    pub fn click(&self) {
        self.app
            .cmd("POST", &self.path("/click"), json!({}))
            .unwrap_or_else(|e| panic!("click failed: {e}"));
    }

    /// Types `text` into it (`\u{E007}` is Enter).
    pub fn type_text(&self, text: &str) {
        self.app
            .cmd("POST", &self.path("/value"), json!({"text": text}))
            .unwrap_or_else(|e| panic!("typing failed: {e}"));
    }

    /// Empties it, then types `text`.
    pub fn replace_text(&self, text: &str) {
        let _ = self.app.cmd("POST", &self.path("/clear"), json!({}));
        self.type_text(text);
    }

    /// Its rendered text.
    pub fn text(&self) -> String {
        self.app
            .cmd("GET", &self.path("/text"), Value::Null)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let request = agent
        .request(method, url)
        .set("Content-Type", "application/json");
    let response = match body {
        Some(body) => request.send_string(&body.to_string()),
        None => request.call(),
    };
    let text = match response {
        Ok(r) => r.into_string().map_err(|e| e.to_string())?,
        Err(ureq::Error::Status(code, r)) => {
            return Err(format!(
                "HTTP {code}: {}",
                r.into_string().unwrap_or_default()
            ))
        }
        Err(e) => return Err(e.to_string()),
    };
    serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))
}
