//! The preview's HTTP/1.1 server: one thread per connection, one request per connection
//! (every answer says `Connection: close`), requests parsed by `httparse`.
//!
//! Why not a keep-alive server with a thread pool (tiny_http was used before): Chromium
//! keeps several idle connections open per page, and tiny_http's pool could leave a new
//! connection queued behind them for as long as the browser kept them, so a page's scripts
//! hung in about one load of three (tests/browser/serve.test.mjs found it). On loopback a
//! new connection per request costs next to nothing, and a long poll parked for a while
//! holds only its own connection.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections handled at once (parked long polls included); past it, new ones get 503.
const MAX_CONNECTIONS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other,
}

/// One request, answered once with [`Request::respond`].
pub struct Request {
    method: Method,
    url: String,
    host: Option<String>,
    stream: TcpStream,
}

impl Request {
    pub fn method(&self) -> Method {
        self.method
    }

    /// The request target as sent (`/about/?x=1`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Host` header, if any.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// Send `resp` and close the connection. A HEAD request gets the headers only.
    pub fn respond(mut self, resp: Response) -> io::Result<()> {
        let head_only = self.method == Method::Head;
        write_response(&mut self.stream, &resp, head_only)?;
        self.stream.flush()?;
        let _ = self.stream.shutdown(Shutdown::Write);
        Ok(())
    }
}

/// An answer: status, headers (Content-Length and Connection are added) and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(out: &mut impl Write, resp: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (name, value) in &resp.headers {
        // Plain ASCII only: a line break would end the header block early.
        let plain = |s: &str| s.bytes().all(|b| (b' '..=b'~').contains(&b));
        if plain(name) && plain(value) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&resp.body)?;
    }
    Ok(())
}

/// What reading a request head gave.
enum Head {
    Request(Method, String, Option<String>),
    /// Answer this status and close.
    Refuse(u16),
    /// The peer closed or went silent: nothing to answer.
    Gone,
}

/// Read and parse a request head from `stream`.
fn read_head(stream: &mut impl Read) -> Head {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return if buf.is_empty() {
                    Head::Gone
                } else {
                    Head::Refuse(408)
                };
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Head::Gone,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let method = match req.method {
                    Some("GET") => Method::Get,
                    Some("HEAD") => Method::Head,
                    _ => Method::Other,
                };
                let url = req.path.unwrap_or("/").to_string();
                let host = req
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .and_then(|h| std::str::from_utf8(h.value).ok())
                    .map(str::to_string);
                return Head::Request(method, url, host);
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => return Head::Refuse(431),
            Err(httparse::Error::TooManyHeaders) => return Head::Refuse(431),
            Err(_) => return Head::Refuse(400),
        }
    }
}

/// A listening socket and the count of connections being handled.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    active: Arc<AtomicUsize>,
}

impl Server {
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            addr,
            active: Arc::new(AtomicUsize::new(0)),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Accept connections until `stop` is set (then [`Server::wake`] it), handling each
    /// request on a thread of its own.
    pub fn run(&self, stop: &AtomicBool, handle: Arc<dyn Fn(Request) + Send + Sync>) {
        for stream in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(mut stream) = stream else { continue };
            if self.active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                let _ = write_response(&mut stream, &Response::new(503, b"busy".to_vec()), false);
                continue;
            }
            self.active.fetch_add(1, Ordering::SeqCst);
            let active = self.active.clone();
            let handle = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("tsunagu-http".into())
                .spawn(move || {
                    connection(stream, &*handle);
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                self.active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    /// Unblock [`Server::run`] waiting in `accept` (after `stop` was set).
    pub fn wake(&self) {
        let mut to = self.addr;
        if to.ip().is_unspecified() {
            to.set_ip(match to {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = TcpStream::connect_timeout(&to, Duration::from_secs(1));
    }
}

fn connection(mut stream: TcpStream, handle: &(dyn Fn(Request) + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_nodelay(true);
    match read_head(&mut stream) {
        Head::Request(method, url, host) => handle(Request {
            method,
            url,
            host,
            stream,
        }),
        Head::Refuse(status) => {
            let _ = write_response(&mut stream, &Response::new(status, Vec::new()), false);
        }
        Head::Gone => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(bytes: &[u8]) -> Head {
        read_head(&mut &bytes[..])
    }

    #[test]
    fn a_request_head_is_parsed() {
        match head(b"GET /about/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\n\r\n") {
            Head::Request(m, url, host) => {
                assert_eq!(m, Method::Get);
                assert_eq!(url, "/about/?x=1");
                assert_eq!(host.as_deref(), Some("127.0.0.1:8000"));
            }
            _ => panic!("not parsed"),
        }
        assert!(matches!(
            head(b"HEAD / HTTP/1.1\r\n\r\n"),
            Head::Request(Method::Head, _, None)
        ));
        assert!(matches!(
            head(b"POST / HTTP/1.1\r\n\r\n"),
            Head::Request(Method::Other, _, None)
        ));
    }

    #[test]
    fn bad_cut_short_and_oversized_heads_are_refused_or_dropped() {
        assert!(matches!(
            head(b"GET\0 / HTTP/1.1\r\n\r\n"),
            Head::Refuse(400)
        ));
        assert!(matches!(head(b"GET / HTTP/1.1\r\nHost: x"), Head::Gone));
        assert!(matches!(head(b""), Head::Gone));
        let mut big = b"GET / HTTP/1.1\r\n".to_vec();
        while big.len() <= MAX_HEAD {
            big.extend_from_slice(b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        assert!(matches!(head(&big), Head::Refuse(431)));
    }

    #[test]
    fn an_answer_has_its_length_and_closes_and_head_leaves_out_the_body() {
        let resp =
            Response::new(404, b"nothing".to_vec()).with_header("Content-Type", "text/plain");
        let mut out = Vec::new();
        write_response(&mut out, &resp, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nnothing"
        );
        let mut out = Vec::new();
        write_response(&mut out, &resp, true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Content-Length: 7\r\nConnection: close\r\n\r\n")
        );
        let mut out = Vec::new();
        write_response(
            &mut out,
            &Response::new(200, Vec::new()).with_header("X", "a\r\nInjected: 1"),
            false,
        )
        .unwrap();
        assert!(!String::from_utf8(out).unwrap().contains("Injected"));
    }
}
