//! Memory measurement for the benchmarks: a counting global allocator and the process's peak RSS.
//!
//! [`Counting`] is `parallax-eval`'s `#[global_allocator]`: a thin wrapper around
//! [`std::alloc::System`] that keeps the bytes currently allocated and their high-water mark in two
//! atomics. Every allocation pays two relaxed atomic operations (an add, and a max for the peak;
//! a free pays one subtract), a few nanoseconds that every timed system pays alike. Counts are
//! process-wide, so a measurement window is meaningful only while one thread allocates, as in the
//! extraction benchmark (one worker thread; the main thread waits for it).
//!
//! A window: [`window_start`] records the bytes allocated now and resets the peak to it;
//! [`window_peak`] then gives the most the heap grew above that start during the window — the
//! peak *extra* heap of the work done in between, whatever it freed before the end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes currently allocated through the global allocator.
static CURRENT: AtomicUsize = AtomicUsize::new(0);
/// High-water mark of [`CURRENT`] since the last [`window_start`].
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// [`System`] with byte counting (see the module doc).
pub struct Counting;

impl Counting {
    fn grew(by: usize) {
        let now = CURRENT.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(by: usize) {
        CURRENT.fetch_sub(by, Relaxed);
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        Self::shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let old = layout.size();
            if new_size >= old {
                Self::grew(new_size - old);
            } else {
                Self::shrank(old - new_size);
            }
        }
        p
    }
}

/// Starts a measurement window: resets the peak to the bytes allocated now and returns them.
pub fn window_start() -> usize {
    let now = CURRENT.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

/// The most the heap grew above `start` (from [`window_start`]) since that call, in bytes.
pub fn window_peak(start: usize) -> usize {
    PEAK.load(Relaxed).saturating_sub(start)
}

/// This process's peak resident set size (`VmHWM` in `/proc/self/status`) in MB; `None` where
/// that file does not exist (not Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_sees_a_freed_allocation() {
        // Other tests allocate on their own threads at the same time, so only lower bounds hold.
        let start = window_start();
        let v: Vec<u8> = Vec::with_capacity(8 << 20);
        std::hint::black_box(&v);
        drop(v);
        assert!(window_peak(start) >= 8 << 20, "{}", window_peak(start));
        assert!(peak_rss_mb().is_none_or(|mb| mb > 0.0));
    }
}
