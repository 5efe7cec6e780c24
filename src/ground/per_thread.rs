//! A value cloned once for each rayon worker index that uses it.
//!
//! For compiled regexes: a [`regex::Regex`] keeps its search caches in one
//! pool whose fast path serves only the thread that used it first; every
//! other thread takes a slower path (a lock, then a hand-back) on every
//! search. A clone has its own pool, so a clone per thread searches on the
//! fast path. Normalising 50,000 processes runs a dozen regexes on every
//! status line, from every thread of rayon's pool at once.
//!
//! The clones are keyed by the worker's index in its pool
//! ([`rayon::current_thread_index`]): workers of different pools with the
//! same index share one clone, as do indices beyond 64 and threads outside
//! any pool (they use the original). Sharing is always correct (the value
//! is `Sync`); it only costs the slower path again.
//!
//! (Crate-internal; its unit tests below exercise it.)
//!
//! ```text
//! use crate::ground::per_thread::PerThread;
//! use rayon::prelude::*;
//! use regex::Regex;
//!
//! let digits = PerThread::new(Regex::new(r"\d+").unwrap());
//! let found = ["a 1", "b", "c 22"]
//!     .par_iter()
//!     .filter(|s| digits.is_match(s))
//!     .count();
//! assert_eq!(found, 2);
//! ```

use std::ops::Deref;
use std::sync::OnceLock;

/// Worker indices beyond this share clones (correct, slower).
const SLOTS: usize = 64;

/// `base` for threads outside rayon's pools, a clone of it for each worker
/// index (made on that index's first use).
pub struct PerThread<T> {
    base: T,
    clones: Box<[OnceLock<T>]>,
}

impl<T: Clone> PerThread<T> {
    pub fn new(base: T) -> Self {
        PerThread {
            base,
            clones: (0..SLOTS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// This thread's copy.
    pub fn get(&self) -> &T {
        match rayon::current_thread_index() {
            Some(i) => self.clones[i % SLOTS].get_or_init(|| self.base.clone()),
            None => &self.base,
        }
    }
}

impl<T: Clone> From<T> for PerThread<T> {
    fn from(base: T) -> Self {
        PerThread::new(base)
    }
}

impl<T: Clone> Deref for PerThread<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.get()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for PerThread<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.base.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its clones.
    struct Counted<'a>(&'a AtomicUsize);
    impl Clone for Counted<'_> {
        fn clone(&self) -> Self {
            self.0.fetch_add(1, Ordering::Relaxed);
            Counted(self.0)
        }
    }

    #[test]
    fn one_clone_per_pool_thread_and_none_outside_the_pool() {
        let made = AtomicUsize::new(0);
        let p = PerThread::new(Counted(&made));
        for _ in 0..10 {
            let _ = p.get();
        }
        assert_eq!(
            made.load(Ordering::Relaxed),
            0,
            "outside the pool: the base"
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        pool.install(|| {
            (0..10_000).into_par_iter().for_each(|_| {
                let _ = p.get();
            })
        });
        let n = made.load(Ordering::Relaxed);
        assert!((1..=3).contains(&n), "{n} clones for 3 threads");
        // The same thread gets the same clone each time.
        pool.install(|| assert!(std::ptr::eq(p.get(), p.get())));
    }
}
