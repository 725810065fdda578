//! How a team is paid: in-house wages or a vendor's price, and vendor management.

/// How a team is paid.
#[derive(Debug, Clone, PartialEq)]
pub enum Pay {
    /// No cost configured (then no team of the scenario has one).
    Unpriced,
    /// Employed agents paid by the hour.
    Wage(Wage),
    /// A vendor billing every scheduled agent hour.
    PerHour {
        /// Price per agent hour.
        rate: f64,
    },
    /// A vendor billing every handled contact, with a monthly minimum.
    PerTicket {
        /// Price per handled contact.
        price: f64,
        /// Minimum bill per month, prorated to the time the team has seats.
        monthly_minimum: f64,
    },
}

/// In-house pay.
#[derive(Debug, Clone, PartialEq)]
pub struct Wage {
    /// Hourly wage of an agent.
    pub wage: f64,
    /// Employer load on wages (benefits, taxes, office) as a fraction: 0.43 = +43 %.
    pub overhead: f64,
    /// Extra pay for night hours as a fraction of the wage.
    pub night_premium: f64,
    /// Night window as seconds after midnight `[start, end)`; `end <= start` means it
    /// ends the next day.
    pub night: (u32, u32),
    /// Team leads, if configured.
    pub supervisors: Option<Supervisors>,
}

/// One team lead per `span` scheduled agents (rounded up), paid `wage` per hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Supervisors {
    /// Agents per lead.
    pub span: u32,
    /// Hourly wage of a lead (overhead applies too).
    pub wage: f64,
}

/// In-house time spent managing a vendor (account management, quality reviews).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VendorManagement {
    /// Hours per week.
    pub hours_per_week: f64,
    /// Hourly cost of that time.
    pub wage: f64,
}
