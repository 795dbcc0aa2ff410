//! Helpers shared by the CLI's integration tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Spawns a prepared `parallax … serve --addr 127.0.0.1:0` command and reads the address it
/// prints (`host:port`). The caller kills the child.
pub fn spawn_server(cmd: &mut Command) -> (Child, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read url");
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("url printed").to_string();
    (child, addr)
}
