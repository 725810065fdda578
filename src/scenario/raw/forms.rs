//! Deserialization of the raw values written in one of two forms (text or a table,
//! a number or a table, a number or a list), keeping serde's own message, key path
//! and position for a mistake inside the structured form.

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Unexpected};

use super::{
    RawAgentPeriod, RawAgents, RawDelayedRoute, RawHours, RawOpenHours, RawProfile, RawResolution,
    RawRoute, RawSchedule, RawSweepAxis, RawSweepRange,
};

/// A value written either as text or in a structured form (a list or a table).
///
/// Deserialized by hand rather than with `#[serde(untagged)]`, which buffers the
/// value and reports any mistake inside it only as "did not match any variant": here
/// a mistake inside the structured form keeps its own message, key path and position.
trait TextOr: Sized {
    /// The structured form.
    type Other: DeserializeOwned;
    /// Whether the structured form is a list (otherwise a table).
    const LIST: bool;
    /// What the value may be, for an error about a value of neither form.
    const EXPECTING: &'static str;
    /// The value from its text form.
    fn text(text: String) -> Self;
    /// The value from its structured form.
    fn other(other: Self::Other) -> Self;
}

struct TextOrVisitor<T>(PhantomData<T>);

impl<'de, T: TextOr> de::Visitor<'de> for TextOrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::text(v.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        if !T::LIST {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        T::Other::deserialize(SeqAccessDeserializer::new(seq)).map(T::other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        if T::LIST {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        T::Other::deserialize(MapAccessDeserializer::new(map)).map(T::other)
    }
}

/// Implements `Deserialize` for a [`TextOr`] type.
macro_rules! deserialize_text_or {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(TextOrVisitor(PhantomData))
            }
        }
    )*};
}

deserialize_text_or!(RawProfile, RawSchedule, RawRoute);

impl TextOr for RawProfile {
    type Other = Vec<f64>;
    const LIST: bool = true;
    const EXPECTING: &'static str =
        "a profile name such as \"office\" or a list of weights such as [1.0, 2.0, …]";
    fn text(text: String) -> Self {
        RawProfile::Named(text)
    }
    fn other(other: Vec<f64>) -> Self {
        RawProfile::Weights(other)
    }
}

impl TextOr for RawSchedule {
    type Other = RawHours;
    const LIST: bool = false;
    const EXPECTING: &'static str = "\"24/7\", \"business_hours\" or a table \
         { days = \"mon-fri\", start = \"08:00\", end = \"20:00\" }";
    fn text(text: String) -> Self {
        RawSchedule::Named(text)
    }
    fn other(other: RawHours) -> Self {
        RawSchedule::Hours(other)
    }
}

impl TextOr for RawRoute {
    type Other = RawDelayedRoute;
    const LIST: bool = false;
    const EXPECTING: &'static str = "a team name or a table { team = \"NAME\", after = \"30s\" }";
    fn text(text: String) -> Self {
        RawRoute::Team(text)
    }
    fn other(other: RawDelayedRoute) -> Self {
        RawRoute::Delayed(other)
    }
}

/// Visitor for [`RawOpenHours`]: a name, a window table or a list of windows. A
/// mistake inside a window keeps its own message, key path and position (see
/// [`TextOr`]).
struct OpenHoursVisitor;

impl<'de> de::Visitor<'de> for OpenHoursVisitor {
    type Value = RawOpenHours;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "\"24/7\", \"business_hours\", a table { days = \"mon-fri\", start = \"07:00\", \
             end = \"23:00\" } or a list of such tables",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawOpenHours, E> {
        Ok(RawOpenHours::Named(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawOpenHours, A::Error> {
        RawHours::deserialize(MapAccessDeserializer::new(map)).map(RawOpenHours::Window)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawOpenHours, A::Error> {
        Vec::<RawHours>::deserialize(SeqAccessDeserializer::new(seq)).map(RawOpenHours::Windows)
    }
}

impl<'de> Deserialize<'de> for RawOpenHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OpenHoursVisitor)
    }
}

/// Visitor for [`RawResolution`]: a number or a table of numbers per channel.
struct ResolutionVisitor;

impl<'de> de::Visitor<'de> for ResolutionVisitor {
    type Value = RawResolution;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a probability such as 0.7 or a table per channel such as { chat = 0.8, email = 0.7 }",
        )
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawResolution, E> {
        Ok(RawResolution::All(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawResolution, E> {
        Ok(RawResolution::All(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawResolution, E> {
        Ok(RawResolution::All(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawResolution, A::Error> {
        IndexMap::<String, f64>::deserialize(MapAccessDeserializer::new(map))
            .map(RawResolution::PerChannel)
    }
}

impl<'de> Deserialize<'de> for RawResolution {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ResolutionVisitor)
    }
}

/// Visitor for [`RawAgents`]: a whole number or a list of periods. A mistake inside
/// the list keeps its own message, key path and position (see [`TextOr`]).
struct AgentsVisitor;

impl<'de> de::Visitor<'de> for AgentsVisitor {
    type Value = RawAgents;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a whole number, 0 or more, or a list of periods [{ from = DATE, to = DATE, agents = N }]",
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawAgents, E> {
        u32::try_from(v)
            .map(RawAgents::Fixed)
            .map_err(|_| de::Error::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawAgents, E> {
        u32::try_from(v)
            .map(RawAgents::Fixed)
            .map_err(|_| de::Error::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawAgents, A::Error> {
        Vec::<RawAgentPeriod>::deserialize(SeqAccessDeserializer::new(seq)).map(RawAgents::Periods)
    }
}

impl<'de> Deserialize<'de> for RawAgents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AgentsVisitor)
    }
}

/// Visitor for [`RawSweepAxis`]: a list of numbers or a `{ from, to, step }` table.
struct SweepAxisVisitor;

impl<'de> de::Visitor<'de> for SweepAxisVisitor {
    type Value = RawSweepAxis;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a list of numbers such as [20, 25, 30] or a table { from = 10, to = 40, step = 10 }",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawSweepAxis, A::Error> {
        Vec::<f64>::deserialize(SeqAccessDeserializer::new(seq)).map(RawSweepAxis::Values)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawSweepAxis, A::Error> {
        RawSweepRange::deserialize(MapAccessDeserializer::new(map)).map(RawSweepAxis::Range)
    }
}

impl<'de> Deserialize<'de> for RawSweepAxis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SweepAxisVisitor)
    }
}
