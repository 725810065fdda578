//! The per-replication rows of a run (behind `replications.csv`), spilled to an
//! unnamed temporary file as the replications are folded in and read back plan by
//! plan, so memory does not grow with the number of replications.
//!
//! A row is one plan-replication: whether all targets held, then the plan's KPI
//! values (overall, each channel's, each team's, in the order the runner measures
//! them), as fixed-size binary records. The runner folds replication-major (every
//! plan of replication `r` before `r + 1`) while the CSV lists plans one after the
//! other, so rows are buffered per plan and written in chunks of `C` replications:
//! chunk `j` holds, plan after plan, the rows of replications `j·C ..`, and the
//! position of any plan's rows follows from the record sizes alone. The buffers hold
//! about [`BUFFER_BYTES`] (at least one replication of every plan).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// Bytes of rows held in memory before they are written out.
pub const BUFFER_BYTES: usize = 1 << 20;

/// Bytes of a row's targets cell: 0 or 1 (all targets held or not), 2 (no targets).
const FLAG: usize = 1;

/// One plan-replication row read back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// Whether every target held; `None` when the study has no targets.
    pub targets_met: Option<bool>,
    /// The KPI values, in the order written (NaN: no data).
    raw: &'a [u8],
}

impl Row<'_> {
    /// The `k`-th value.
    pub fn value(&self, k: usize) -> f64 {
        let at = k * 8;
        f64::from_le_bytes(self.raw[at..at + 8].try_into().expect("8 bytes"))
    }
}

/// The rows of a run: written during the fold, read once it is finished.
#[derive(Debug)]
pub struct Rows {
    file: File,
    /// Per plan, bytes per record (set by its first row).
    record: Vec<usize>,
    /// Per plan, rows not yet written.
    buffers: Vec<Vec<u8>>,
    /// Replications per chunk (set when the first replication is complete).
    chunk: u64,
    /// Replications complete.
    replications: u64,
}

impl Rows {
    /// Rows of `plans` plans, spilled to `file` (an empty file, read and written).
    pub fn new(file: File, plans: usize) -> Self {
        Rows {
            file,
            record: vec![0; plans],
            buffers: vec![Vec::new(); plans],
            chunk: 0,
            replications: 0,
        }
    }

    /// Appends the row of `plan` in the replication being folded. Every row of a
    /// plan has the same number of values (the runner measures a fixed list of
    /// KPIs per model), which is what makes the records fixed-size.
    pub fn push(
        &mut self,
        plan: usize,
        targets_met: Option<bool>,
        values: impl Iterator<Item = f64>,
    ) {
        let buf = &mut self.buffers[plan];
        let start = buf.len();
        buf.push(targets_met.map_or(2, u8::from));
        values.for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
        if self.record[plan] == 0 {
            self.record[plan] = buf.len() - start;
        }
        debug_assert_eq!(
            buf.len() - start,
            self.record[plan],
            "rows of one plan differ in length"
        );
    }

    /// Ends a replication whose rows of every plan were pushed, writing a chunk out
    /// when one is complete.
    pub fn end_replication(&mut self) -> io::Result<()> {
        if self.replications == 0 {
            let all: usize = self.record.iter().sum();
            self.chunk = (BUFFER_BYTES / all.max(1)).max(1) as u64;
        }
        self.replications += 1;
        if self.replications.is_multiple_of(self.chunk) {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows still buffered (the last, partial chunk).
    pub fn finish(&mut self) -> io::Result<()> {
        self.flush()?;
        self.file.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        for buf in &mut self.buffers {
            self.file.write_all(buf)?;
            buf.clear();
        }
        Ok(())
    }

    /// Calls `f` with each row of `plan`, in replication order.
    pub fn for_each<E: From<io::Error>>(
        &self,
        plan: usize,
        mut f: impl FnMut(Row<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (size, all) = (self.record[plan], self.record.iter().sum::<usize>() as u64);
        let before = self.record[..plan].iter().sum::<usize>() as u64;
        let mut buf = Vec::new();
        let mut file = &self.file;
        let mut first = 0;
        while first < self.replications {
            let reps = self.chunk.min(self.replications - first);
            // Full chunks before this one, then this chunk's earlier plans.
            file.seek(SeekFrom::Start(first * all + reps * before))?;
            buf.resize(reps as usize * size, 0);
            file.read_exact(&mut buf)?;
            for rec in buf.chunks_exact(size) {
                f(Row {
                    targets_met: [Some(false), Some(true), None][usize::from(rec[0].min(2))],
                    raw: &rec[FLAG..],
                })?;
            }
            first += reps;
        }
        Ok(())
    }

    /// Bytes held in memory (the file is not): bounded by [`BUFFER_BYTES`] or one
    /// replication of every plan, whatever the number of replications.
    pub fn heap_bytes(&self) -> usize {
        let per_plan = size_of::<usize>() + size_of::<Vec<u8>>();
        self.record.len() * per_plan + self.buffers.iter().map(Vec::capacity).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_plan_by_plan_in_replication_order() {
        // Plans with rows of different lengths, enough replications for several
        // chunks and a partial last one.
        let lens = [3, 200, 0];
        let reps = 3 * (BUFFER_BYTES / (FLAG * 3 + 8 * 203)) as u64 + 5;
        let mut rows = Rows::new(tempfile::tempfile().expect("temp file"), lens.len());
        for r in 0..reps {
            for (p, &n) in lens.iter().enumerate() {
                let met = (p != 1).then_some(r % 3 == 0);
                rows.push(
                    p,
                    met,
                    (0..n).map(|k| (r * 1000 + p as u64 * 100 + k) as f64),
                );
            }
            rows.end_replication().expect("write");
        }
        rows.finish().expect("write");
        assert!(rows.heap_bytes() < 2 * BUFFER_BYTES);
        for (p, &n) in lens.iter().enumerate() {
            let mut r = 0;
            rows.for_each(p, |row| -> io::Result<()> {
                assert_eq!(row.targets_met, (p != 1).then_some(r % 3 == 0));
                for k in 0..n {
                    assert_eq!(
                        row.value(k as usize),
                        (r * 1000 + p as u64 * 100 + k) as f64
                    );
                }
                r += 1;
                Ok(())
            })
            .expect("read");
            assert_eq!(r, reps);
        }
    }
}
