//! Seats and agents: who is employed, trained and on duty.
//!
//! Every agent slot of a team is a seat. Seat `j` exists while `j < headcount` and
//! works while `j < scheduled`, if its agent is there and trained. An agent leaves
//! after an exponential tenure (attrition); the seat stays empty for the hiring lag,
//! then a new hire trains (paid, unavailable) and ramps up. A seat that appears after
//! the start (a headcount increase) is filled by a new hire at once. Of the trained
//! agents on scheduled seats, shrinkage keeps a fixed share off duty; which ones
//! rotates: the agent off longest comes on first.
//!
//! Without workforce settings every seat is filled by a trained, tenured agent all
//! along, and this reduces to the schedule.

use rand_distr::{Distribution, Exp1};

use super::meter::Gauge;
use super::observer::Observer;
use super::queue::{Ev, PastEvent, SeatEvent};
use super::sim::Sim;
use super::tables::{Duty, SeatState};
use super::time::SimTime;
use crate::model::StaffStep;
use crate::rng::sub_stream;

/// Whether initial seat `j` holds one of the new hires of `share`, spread evenly over
/// the seats so that every part of the schedule gets its share.
fn initial_new_hire(j: u32, share: f64) -> bool {
    (f64::from(j + 1) * share).floor() > (f64::from(j) * share).floor()
}

/// Sets `steps` to `value` from time `t` on.
fn record(steps: &mut Vec<StaffStep>, t: SimTime, value: u32) {
    let at_s = t.0 as u64;
    match steps.last_mut() {
        Some(last) if last.agents == value => {}
        Some(last) if last.at_s == at_s => last.agents = value,
        _ => steps.push(StaffStep {
            at_s,
            agents: value,
        }),
    }
}

impl<O: Observer> Sim<'_, O> {
    /// Moves a team to its next roster step and schedules the one after.
    pub(super) fn staff_change(&mut self, t: SimTime, team: usize) -> Result<(), PastEvent> {
        let tr = &mut self.teams[team];
        let Some(&(_, head, scheduled)) = tr.roster.get(tr.step) else {
            return Ok(());
        };
        if let Some(&(next, _, _)) = tr.roster.get(tr.step + 1) {
            self.events
                .schedule(SimTime(next as f64), Ev::Staff { team: team as u16 })?;
        }
        let tr = &mut self.teams[team];
        tr.step += 1;
        let before = tr.employed;
        tr.employed = head;
        tr.scheduled = scheduled;
        // Seats that disappear release their agents (end of contract, not attrition);
        // new seats are filled.
        for j in head..before {
            let seat = &mut self.teams[team].seats[j as usize];
            seat.state = SeatState::Empty;
            seat.generation = seat.generation.wrapping_add(1);
        }
        for j in before..head {
            if self.teams[team].seats[j as usize].state == SeatState::Empty {
                self.fill(t, team, j)?;
            }
        }
        self.rebalance(t, team)
    }

    /// A new agent takes seat `j`: at the start a trained one (a share of them just
    /// out of training), later a new hire who trains first.
    fn fill(&mut self, t: SimTime, team: usize, j: u32) -> Result<(), PastEvent> {
        let wf = &self.model.teams[team].workforce;
        let end = SimTime(self.model.horizon_s + self.model.drain_s);
        let tr = &mut self.teams[team];
        let a = tr.agents.start + j;
        let key = tr.workforce_key;
        let seat = &mut tr.seats[j as usize];
        seat.occupants += 1;
        seat.generation = seat.generation.wrapping_add(1);
        let (generation, occupant) = (seat.generation, seat.occupants);
        if t == SimTime::ZERO {
            seat.state = SeatState::Ready;
            seat.ramp_from = if initial_new_hire(j, wf.new_hire_share) {
                SimTime::ZERO
            } else {
                SimTime(f64::NEG_INFINITY)
            };
            self.agents[a as usize].ramping = seat.ramp_from == SimTime::ZERO && wf.ramp_s > 0.0;
        } else {
            self.meter.hired(t, team);
            if wf.training_s > 0.0 {
                seat.state = SeatState::Training;
                self.events.schedule(
                    (t + wf.training_s).ceil(),
                    Ev::Seat {
                        agent: a,
                        generation,
                        what: SeatEvent::Ready,
                    },
                )?;
            } else {
                self.ready(t, a);
            }
        }
        if wf.attrition_per_s > 0.0 {
            let mut rng = sub_stream(key, (u64::from(j) << 24) | u64::from(occupant));
            let tenure: f64 = Exp1.sample(&mut rng);
            let at = (t + tenure / wf.attrition_per_s).ceil();
            if at < end {
                self.events.schedule(
                    at,
                    Ev::Seat {
                        agent: a,
                        generation,
                        what: SeatEvent::Leave,
                    },
                )?;
            }
        }
        Ok(())
    }

    /// The agent in seat `a` has finished training and starts the learning curve.
    fn ready(&mut self, t: SimTime, a: u32) {
        let team = usize::from(self.agents[a as usize].team);
        let tr = &mut self.teams[team];
        let seat = &mut tr.seats[(a - tr.agents.start) as usize];
        seat.state = SeatState::Ready;
        seat.ramp_from = t;
        self.agents[a as usize].ramping = self.model.teams[team].workforce.ramp_s > 0.0;
    }

    /// A leaver, a replacement's first day, or the end of training.
    pub(super) fn seat_event(
        &mut self,
        t: SimTime,
        a: u32,
        generation: u32,
        what: SeatEvent,
    ) -> Result<(), PastEvent> {
        let team = usize::from(self.agents[a as usize].team);
        let tr = &mut self.teams[team];
        let j = a - tr.agents.start;
        let seat = &mut tr.seats[j as usize];
        if seat.generation != generation {
            return Ok(());
        }
        match what {
            SeatEvent::Leave => {
                seat.state = SeatState::Empty;
                seat.generation = seat.generation.wrapping_add(1);
                let generation = seat.generation;
                self.meter.left(t, team);
                let lag = self.model.teams[team].workforce.hiring_lag_s;
                self.events.schedule(
                    (t + lag).ceil(),
                    Ev::Seat {
                        agent: a,
                        generation,
                        what: SeatEvent::Join,
                    },
                )?;
            }
            // The seat may have gone meanwhile (headcount down): then it stays empty.
            SeatEvent::Join => {
                if j < self.teams[team].employed {
                    self.fill(t, team, j)?;
                }
            }
            SeatEvent::Ready => self.ready(t, a),
        }
        self.rebalance(t, team)
    }

    /// Puts on duty exactly the available share of trained agents on scheduled seats,
    /// and records the paid seats.
    fn rebalance(&mut self, t: SimTime, team: usize) -> Result<(), PastEvent> {
        let tr = &self.teams[team];
        let range = tr.agents.clone();
        let scheduled = tr.scheduled;
        let works = |j: u32| j < scheduled && tr.seats[j as usize].state == SeatState::Ready;
        let mut gone = Vec::new();
        let mut candidates = Vec::new();
        let (mut ready, mut held) = (0, 0);
        for a in range.clone() {
            let j = a - range.start;
            ready += u32::from(works(j));
            held += u32::from(j < scheduled && tr.seats[j as usize].state != SeatState::Empty);
            match self.agents[a as usize].duty {
                Duty::On if !works(j) => gone.push(a),
                Duty::On => {}
                // Agents finishing after their shift come back first, then the
                // agent off longest.
                Duty::Leaving if works(j) => candidates.push((0, SimTime(f64::NEG_INFINITY), a)),
                Duty::Off if works(j) => {
                    candidates.push((1, tr.seats[j as usize].off_since, a));
                }
                _ => {}
            }
        }
        for a in gone {
            self.send_off(t, a);
        }
        let want = self.model.teams[team].available(ready);
        let on = self.teams[team].on_duty;
        if want > on {
            candidates.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.0.total_cmp(&y.1.0)));
            for &(_, _, a) in candidates.iter().take((want - on) as usize) {
                if self.agents[a as usize].duty == Duty::Off {
                    self.set_present(t, team, 1);
                }
                self.agents[a as usize].duty = Duty::On;
                self.set_on_duty(t, team, 1);
                self.seek_work(t, a)?;
            }
        } else if want < on {
            // Send home the least-loaded agents; busy ones finish their contacts.
            let mut on_duty: Vec<u32> = range
                .filter(|&a| self.agents[a as usize].duty == Duty::On)
                .collect();
            on_duty.sort_by_key(|&a| self.agents[a as usize].load);
            for &a in &on_duty[..(on - want) as usize] {
                self.send_off(t, a);
            }
        }
        let tr = &mut self.teams[team];
        record(&mut tr.held_steps, t, held);
        record(&mut tr.trained_steps, t, ready);
        self.obs.staffing(t, team, self.teams[team].on_duty);
        Ok(())
    }

    /// Takes an on-duty agent off duty; a busy one finishes its contacts first.
    fn send_off(&mut self, t: SimTime, a: u32) {
        let team = usize::from(self.agents[a as usize].team);
        let agent = &mut self.agents[a as usize];
        agent.stamp = agent.stamp.wrapping_add(1);
        if agent.load == 0 {
            self.off_duty(t, a);
        } else {
            agent.duty = Duty::Leaving;
        }
        self.set_on_duty(t, team, -1);
    }

    /// An agent with no contacts in hand leaves the floor.
    pub(super) fn off_duty(&mut self, t: SimTime, a: u32) {
        let team = usize::from(self.agents[a as usize].team);
        self.agents[a as usize].duty = Duty::Off;
        let tr = &mut self.teams[team];
        tr.seats[(a - tr.agents.start) as usize].off_since = t;
        self.set_present(t, team, -1);
    }

    /// Changes the number of agents present in `team` by `delta`.
    fn set_present(&mut self, t: SimTime, team: usize, delta: i32) {
        let tr = &mut self.teams[team];
        tr.touch_recent(t, self.model.teams[team].overload.as_ref());
        tr.present = tr.present.wrapping_add_signed(delta);
        self.meter
            .set_level(t, Gauge::Present(team), f64::from(tr.present));
    }

    /// Changes the number of agents on duty in `team` by `delta`.
    fn set_on_duty(&mut self, t: SimTime, team: usize, delta: i32) {
        let tr = &mut self.teams[team];
        tr.on_duty = tr.on_duty.wrapping_add_signed(delta);
        self.meter
            .set_level(t, Gauge::Available(team), f64::from(tr.on_duty));
    }
}
