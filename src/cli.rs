//! Every command-line type. Doc comments are the help text; no logic lives here.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::domain::checkin::{parse_id, parse_mood};
use crate::domain::plan::parse_section;
use crate::domain::settings::Key;
use crate::domain::supporter::{parse_crisis_order, parse_date};
use crate::domain::when::parse_days;
use crate::domain::{
    By, Category, Circle, Field, Function, Kind, Mode, Rhythm, Section, Severity, Status, Tie, Via,
};

const EXAMPLES: &str = "\
Examples:
  supportmap demo                                   try it on a sample network
  supportmap add \"Jo\" --category sponsor --gives accountability,advice --crisis --phone 555-0101
  supportmap add                                    answer questions one at a time
  supportmap contacts                               everyone in your map
  supportmap checkin jo                             log a call with Jo
  supportmap checkin due                            who you hoped to be in touch with by now
  supportmap gaps                                   where the map is thin, and what could help
  supportmap map                                    your network in circles
  supportmap crisis                                 who to call in a crisis, in order
  supportmap plan                                   your safety plan
  supportmap history                                every change, in plain words
  supportmap undo                                   take back the last change
  supportmap settings country GB                    the crisis card's numbers for where you live
  supportmap doctor                                 which map is in use, and is it whole

Your map is private: one SQLite file on this machine (see --db), never sent anywhere.";

/// Map the people and groups that support your recovery: who you can lean on, what
/// each gives, and who to call first.
#[derive(Debug, Parser)]
#[command(name = "supportmap", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file. Without it: $SUPPORTMAP_DB, then
    /// ~/.local/share/supportmap/supportmap.db
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub db: Option<PathBuf>,

    /// An encrypted map's passphrase, from the first line of FILE (yours alone, mode
    /// 0600); without it, supportmap asks on a terminal
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "SUPPORTMAP_PASSPHRASE_FILE",
        help_heading = "Global options"
    )]
    pub passphrase_file: Option<PathBuf>,

    /// Print JSON for scripts instead of tables
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// Never print colour (also: the NO_COLOR environment variable)
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_color: bool,

    /// Print only what was asked for: no confirmations or notes
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record a supporter; on a terminal, asks for whatever is missing
    #[command(after_help = ADD_EXAMPLES)]
    Add(AddArgs),

    /// List, show, edit, pause, resume, archive or remove supporters
    #[command(args_conflicts_with_subcommands = true, after_help = CONTACTS_EXAMPLES)]
    Contacts(ContactsArgs),

    /// See your network in circles: in the terminal, or as an SVG picture, DOT,
    /// Mermaid or JSON
    #[command(after_help = MAP_EXAMPLES)]
    Map(MapArgs),

    /// Who to call in a crisis, in order, with their numbers
    #[command(after_help = CRISIS_EXAMPLES)]
    Crisis,

    /// Your safety plan: warning signs, coping, distractions, reasons, people to ask for
    /// help, professionals, and a safe environment
    #[command(args_conflicts_with_subcommands = true, after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),

    /// Log contacts with supporters, see the history, and see who is due
    #[command(args_conflicts_with_subcommands = true, after_help = CHECKIN_EXAMPLES)]
    Checkin(CheckinArgs),

    /// What your map is missing, most severe first, and what you could do about it
    #[command(args_conflicts_with_subcommands = true, after_help = GAPS_EXAMPLES)]
    Gaps(GapsArgs),

    /// Show what supportmap does, on a sample network in a throwaway database
    #[command(after_help = DEMO_EXAMPLES)]
    Demo(DemoArgs),

    /// Your name, your country (for the crisis card's numbers) and a recovery date
    #[command(after_help = SETTINGS_EXAMPLES)]
    Settings(SettingsArgs),

    /// Shell completions for bash, zsh, fish, elvish or PowerShell
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),

    /// The manual page, as roff (read it with `man -l`)
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),

    /// Every change to the map, newest first, in plain words
    #[command(after_help = HISTORY_EXAMPLES)]
    History(HistoryArgs),

    /// Take back the most recent change (any change: add, edit, remove, check-in, plan,
    /// gaps, settings); again to go further back
    #[command(after_help = UNDO_EXAMPLES)]
    Undo(ConfirmArgs),

    /// Put back what `undo` took back, until a new change is made
    Redo(ConfirmArgs),

    /// What changed in the network since a date: who came and went, moved or paused,
    /// which gaps opened and closed, how many check-ins
    #[command(after_help = CHANGES_EXAMPLES)]
    Changes(ChangesArgs),

    /// Walk through the map with your counsellor or on your own: who is still there,
    /// what changed, the top gaps and the safety plan; remembered for next time
    #[command(after_help = REVIEW_EXAMPLES)]
    Review(ReviewArgs),

    /// How your contact has gone over time: check-ins by week or month, each supporter's
    /// rhythm kept, who reached out, how you felt afterwards
    #[command(after_help = TRENDS_EXAMPLES)]
    Trends(TrendsArgs),

    /// One page to look at together and keep: your map, crisis card, safety plan, what
    /// changed since the last review and how contact has gone, as HTML that prints
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),

    /// Encrypt the map with a passphrase (SQLCipher), keeping a plain crisis card beside
    /// it unless you choose not to
    #[command(after_help = ENCRYPT_EXAMPLES)]
    Encrypt(EncryptArgs),

    /// Turn an encrypted map back into a plain one
    Decrypt,

    /// Change an encrypted map's passphrase
    Passphrase(PassphraseArgs),

    /// Copy the map to a file while it is in use, checked before it is called done
    #[command(after_help = BACKUP_EXAMPLES)]
    Backup(BackupArgs),

    /// Replace the map with a backup; the map you have now is backed up first
    #[command(after_help = RESTORE_EXAMPLES)]
    Restore(RestoreBackupArgs),

    /// Write the whole map to a file: JSON (to import back), CSV, vCard (for a phone's
    /// contacts) or iCalendar (rhythm reminders)
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(DataExportArgs),

    /// Bring a supportmap export, a CSV of supporters or a phone's contacts (vCard) into
    /// the map; nothing is changed unless the whole file is good
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),

    /// Check the map: which file is in use and why, how private it is, and whether it
    /// is whole (reads only; exit 3 when something is wrong)
    #[command(after_help = DOCTOR_EXAMPLES)]
    Doctor,
}

const ADD_EXAMPLES: &str = "\
Categories (aliases in brackets):
  family        parents, partners, siblings, chosen family
  friend        friends, coworkers you trust, neighbours [friends, coworker]
  peer          mutual-help and peer groups, peers in recovery [aa, na, smart, refuge]
  sponsor       a sponsor or mentor who has walked the same road [mentor]
  professional  therapist, counsellor, doctor, case manager, crisis line [therapist, doctor]
  community     clubs, volunteering, workplace, programmes [club, volunteering]
  spiritual     faith communities, meditation groups, healing circles [church, faith]

Support functions (--gives): emotional, practical, advice, accountability, encouragement,
crisis, belonging

Examples:
  supportmap add \"Jo\" --category sponsor --gives accountability,advice --crisis --phone 555-0101
  supportmap add \"Tuesday NA\" --kind group --category na --gives belonging --every weekly
  supportmap add \"Crisis line\" --kind service --category professional --crisis \\
      --phone 988 --available 24/7 --circle outer
  supportmap add                     (on a terminal: answer each question in turn)";

const CONTACTS_EXAMPLES: &str = "\
Examples:
  supportmap contacts                          active and paused supporters
  supportmap contacts --crisis                 only crisis contacts
  supportmap contacts --gives practical --circle inner
  supportmap contacts show jo                  names match in any case, or by a prefix
  supportmap contacts edit Jo --add-gives emotional --every 2w
  supportmap contacts pause Dev --reason \"taking space for now\"
  supportmap contacts remove Dev --yes";

const CHECKIN_EXAMPLES: &str = "\
`supportmap checkin NAME...` is short for `supportmap checkin add NAME...`.

When (--at, --since, --until), in your local time:
  now, today, yesterday, a weekday (tuesday, or last tuesday: the most recent one before
  today), a date (2026-11-03), any of these with a time (\"yesterday 18:00\",
  \"tuesday 7pm\"), a time alone (18:00, today), a span back from now (90m, 3h, 2d, 1w,
  or \"2d ago\"), or an RFC 3339 time. Write dates year first: 2026-12-20, not 20/12/2026.

Examples:
  supportmap checkin jo                              a call with Jo, just now
  supportmap checkin jo sam --via meeting --at \"2h ago\" --mood 7
  supportmap checkin --solo --via meeting --note \"Tuesday NA on my own\"
  supportmap checkin list jo --since 2w
  supportmap checkin due                             who you are due to reach
  supportmap checkin due -q --exit-code              for cron: silent unless someone is due
  supportmap checkin undo                            take back the last check-in change";

const REVIEW_EXAMPLES: &str = "\
On a terminal, `review` asks about each active supporter in turn (still in touch? same
circle? same support? does the rhythm still fit? how is the tie?); Enter keeps an answer as
it is and Esc goes back. Then the top gaps, then the safety plan. The review is remembered,
so `changes --since last-review` and `map --at last-review` can look back to it. Without a
terminal, `review` prints what changed since the last review (for cron to mail).

Examples:
  supportmap review                                  the guided review, on a terminal
  supportmap review --note \"after the move\"          with a note to remember it by
  supportmap review | mail -s \"since my last review\" me   from cron";

const TRENDS_EXAMPLES: &str = "\
A mirror, not a verdict: nothing here ranks people.

Examples:
  supportmap trends                                  the last 90 days, week by week
  supportmap trends --since 1y --by month
  supportmap trends --json";

const ENCRYPT_EXAMPLES: &str = "\
The map is rewritten encrypted beside itself and put in place in one step: interrupted at
any point, the map is still whole. Afterwards every command asks for the passphrase on a
terminal; cron and scripts give it with --passphrase-file FILE or SUPPORTMAP_PASSPHRASE_FILE
(a file only you can read). A passphrase is never taken from the command line.

By default a plain crisis card is kept beside the map (names, roles, numbers and hours of
your crisis contacts only, readable by you alone), rewritten whenever the map changes, so
`supportmap crisis` never needs the passphrase. A forgotten passphrase cannot be recovered.

Examples:
  supportmap encrypt                                 asks twice, and about the card
  supportmap encrypt --no-plain-card
  supportmap --passphrase-file ~/.config/supportmap/pass checkin due
  supportmap passphrase                              asks for the old one, then the new one
  supportmap decrypt";

const REPORT_EXAMPLES: &str = "\
The page is self-contained (no scripts, nothing fetched from elsewhere) and prints on two
sheets. It holds names and numbers: keep it as carefully as the map, or use --redact.

Examples:
  supportmap report --out session.html               since the last review
  supportmap report --since 2026-10-01 --out october.html
  supportmap report --redact --out shared.html       initials only; no numbers or notes";

const BACKUP_EXAMPLES: &str = "\
Without FILE, the copy goes into a backups folder beside the map (private to you), named by
date and time. The copy is made with SQLite's backup API, so it is whole even while another
supportmap is writing, and it is checked (integrity, that it is a supportmap map, its
version) before it is called done. A backup holds everything, history included.

Examples:
  supportmap backup                                  into the backups folder beside the map
  supportmap backup ~/usb/supportmap-2026-11.db      to a file of your choosing
  supportmap --db ~/other.db backup                  back up another map";

const RESTORE_EXAMPLES: &str = "\
The backup is checked first (that it is whole, a supportmap map, and not from a newer
supportmap). Then the map you have now is backed up into the backups folder, and the map is
replaced in one step. To go back, restore that backup.

Examples:
  supportmap restore ~/usb/supportmap-2026-11.db     on a new machine, or after a mistake
  supportmap --db ~/other.db restore backup.db       restore into another map";

const EXPORT_EXAMPLES: &str = "\
Formats (--format, or from the --out file's extension):
  json    everything, to import back: supporters, check-ins, the safety plan and its
          reviews, dismissed and snoozed gaps, settings (the default)
  csv     supporters, or check-ins with --what checkins, for a spreadsheet
  vcard   supporters as contact cards for a phone (--crisis for the crisis contacts only)
  ics     a calendar: a reminder on each supporter's next due day, and the plan's review

--redact leaves out what identifies anyone (for showing a counsellor the shape of the
network, or a bug report): names become initials; phone numbers, emails, contact details,
roles, hours, notes and the plan's own words are left out. A redacted export cannot be
imported.

An encrypted map's export is encrypted too, with the map's passphrase, in age's format
(`import` reads it; `age -d` opens it); --plain writes it readable.

Examples:
  supportmap export --out map.json                   everything, to carry to a new machine
  supportmap export --format csv --what checkins --out checkins.csv
  supportmap export --format vcard --crisis --out crisis.vcf   crisis numbers for your phone
  supportmap export --out rhythms.ics                reminders for your calendar
  supportmap export --redact --out shape.json        the shape, without names or numbers";

const IMPORT_EXAMPLES: &str = "\
Formats (--format, or from the file's extension): a supportmap JSON export, a CSV of
supporters (the columns `export --format csv` writes; only name and category are needed),
or vCard contacts from a phone (.vcf; version 2.1, 3.0 or 4.0).

Records are matched by their id (then supporters by name): new ones are added, and one that
changed is updated when the file's copy is newer. Every value is checked as `add` checks it;
one bad record refuses the whole file, naming it, and the map stays as it was. An import is
one change: `supportmap undo` takes it all back. An encrypted export (age's passphrase
mode) is opened with the map's passphrase, --passphrase-file, or a passphrase asked.

Examples:
  supportmap import map.json                         into a new map: the same map again
  supportmap import map.json --dry-run               what would be added, updated and left
  supportmap import contacts.vcf --category friend   everyone in the file, as friends
  supportmap import contacts.vcf                     on a terminal: asks a category for each
  supportmap import supporters.csv";

const GAPS_EXAMPLES: &str = "\
Each gap has a stable id (category-missing:peer, function-single:crisis, overdue:Jo, ...);
commands take the id in any case, or its start. `gaps` shows the first few (on a new map, a
few next steps); `gaps --all` shows every one. Dismiss a gap you have decided not to fill:
it stays hidden until you restore it. Snooze one for a while: it comes back on its own. A
rhythm reminder (overdue:, drifting:) is snoozed for one rhythm when dismissed.

Examples:
  supportmap gaps                                    the summary and the first few gaps
  supportmap gaps --all                              every gap, set-aside ones marked
  supportmap gaps --fail-on critical                 exit 1 if anything critical is found
  supportmap gaps dismiss category-missing:spiritual --reason \"not for me\"
  supportmap gaps snooze overdue:Jo --for 2w
  supportmap gaps restore category-missing:sp";

const MAP_EXAMPLES: &str = "\
In the terminal, the circles are nested boxes with you at the centre; + marks a crisis
contact and (name) a paused tie. The SVG is an eco-map: rings for the circles, a sector
per category (empty ones hatched), a line from the centre to each supporter (dashed while
paused), crisis contacts ringed in red.

Examples:
  supportmap map
  supportmap map --by category
  supportmap map --format svg --out map.svg --me Maya
  supportmap map --out then-and-now.svg --compare last-review
  supportmap map --format dot | dot -Tpng > map.png
  supportmap map --format mermaid";

const CRISIS_EXAMPLES: &str = "\
The card lists your active crisis contacts: by --crisis-order first, then inner circle
first, then by name. It reads the map without waiting for anything else that is using it.

Examples:
  supportmap crisis
  supportmap add \"Crisis line\" --kind service --category professional --crisis --phone 988 \\
      --available 24/7
  supportmap contacts edit Sam --crisis-order 1         call Sam first";

const PLAN_EXAMPLES: &str = "\
Sections you write: warning-signs, coping, distractions, reasons, safe-environment.
\"People I can ask for help\" and \"Professionals and agencies\" come from your crisis
contacts, so they never go out of date.

Examples:
  supportmap plan                                       the whole plan
  supportmap plan add warning-signs \"Skipping meals, not answering the phone\"
  supportmap plan add coping \"A walk round the park with music on\"
  supportmap plan add reasons \"My daughter's graduation\"
  supportmap plan move coping 3 1                       line 3 becomes line 1
  supportmap plan remove coping 2
  supportmap plan review                                mark it as looked over today
  supportmap plan export --format html --out plan.html  a one-page printable plan";

const SETTINGS_EXAMPLES: &str = "\
Keys:
  name            your name, at the centre of the map and on the safety plan
  country         where you live, as an ISO code (US, CA, GB, IE, AU, NZ, DE, FR, ES, NL,
                  IN, ZA have their crisis line and emergency number built in)
  recovery-date   a date that matters to your recovery, if you want one kept (YYYY-MM-DD)

Examples:
  supportmap settings                       every setting
  supportmap settings country GB            the card shows Samaritans and 999
  supportmap settings name Maya
  supportmap settings name --unset";

const HISTORY_EXAMPLES: &str = "\
Every change is recorded in the map's own file, in the same step as the change, from the
version that started the history on. A removed supporter's details stay in the history
until you prune it.

Examples:
  supportmap history                          the last 20 changes
  supportmap history --since 2w --limit 50
  supportmap history --prune-before 2026-01-01 --yes   drop older entries for good";

const UNDO_EXAMPLES: &str = "\
Examples:
  supportmap undo                 shows what it will take back, and asks
  supportmap undo --yes           without asking (scripts)
  supportmap redo                 puts it back";

const CHANGES_EXAMPLES: &str = "\
Examples:
  supportmap changes --since 2026-10-01
  supportmap changes --since 4w
  supportmap map --at 2026-09-01 --out then.svg    the map as it was";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  supportmap completions bash > ~/.local/share/bash-completion/completions/supportmap
  supportmap completions zsh > ~/.zfunc/_supportmap        (with ~/.zfunc in $fpath)
  supportmap completions fish > ~/.config/fish/completions/supportmap.fish";

const MAN_EXAMPLES: &str = "\
Examples:
  supportmap man | man -l -
  supportmap man checkin add | man -l -          the page supportmap-checkin-add(1)
  supportmap man --out ~/.local/share/man/man1/supportmap.1";

const DOCTOR_EXAMPLES: &str = "\
It reports the map's path and where it came from (--db, SUPPORTMAP_DB or the default
place), the file's and folder's modes, the schema version, the journal mode, the size, and
SQLite's integrity check. It never changes anything.

Examples:
  supportmap doctor
  supportmap doctor --json
  SUPPORTMAP_DB=~/maps/me.db supportmap doctor     check the map a crontab uses";

const DEMO_EXAMPLES: &str = "\
The sample network lives in a temporary database that is deleted afterwards; your own map
is never read or written. To keep exploring the sample, load it into a file of your choice:
  supportmap demo --db /tmp/sample.db
  supportmap --db /tmp/sample.db contacts show jo";

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The supporter's name: a person, group or service (unique, any case)
    pub name: Option<String>,

    #[command(flatten)]
    pub fields: Fields,
}

/// The supporter fields shared by `add` and `contacts edit`.
#[derive(Debug, Args)]
pub struct Fields {
    /// person, group or service (new supporters: person)
    #[arg(long, value_name = "KIND")]
    pub kind: Option<Kind>,

    /// family, friend, peer, sponsor, professional, community or spiritual
    /// (aliases such as na, therapist, mentor and church work too)
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<Category>,

    /// Free text, such as "sister", "therapist" or "Tuesday NA"
    #[arg(long, value_name = "TEXT")]
    pub role: Option<String>,

    /// What they give, comma-separated or repeated: emotional, practical, advice,
    /// accountability, encouragement, crisis, belonging
    #[arg(long, value_name = "FUNCTIONS", value_delimiter = ',')]
    pub gives: Vec<Function>,

    /// How close they are: inner, middle or outer (new supporters: middle)
    #[arg(long, value_name = "CIRCLE")]
    pub circle: Option<Circle>,

    /// How the tie is, as on an eco-map: strong, steady (the default), tenuous or
    /// stressful (a stressful tie never counts toward what the map covers)
    #[arg(long, value_name = "TIE")]
    pub tie: Option<Tie>,

    /// in-person, online or hybrid (new supporters: in-person)
    #[arg(long, value_name = "MODE")]
    pub mode: Option<Mode>,

    /// Phone number
    #[arg(long, value_name = "NUMBER")]
    pub phone: Option<String>,

    /// Email address
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,

    /// Any other way to reach them: a handle, an address, a meeting time
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,

    /// May be called in a crisis (the same as --gives crisis)
    #[arg(long)]
    pub crisis: bool,

    /// Where they come in the crisis order: 1 is called first (makes them a crisis contact)
    #[arg(long, value_name = "N", value_parser = parse_crisis_order, allow_hyphen_values = true)]
    pub crisis_order: Option<u32>,

    /// When they can be reached, such as "24/7" or "weekdays 9-5"
    #[arg(long, value_name = "TEXT")]
    pub available: Option<String>,

    /// How often you want to be in touch: daily, weekly, biweekly, monthly, or like 3d, 2w
    #[arg(long, value_name = "RHYTHM")]
    pub every: Option<Rhythm>,

    /// When the relationship began (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// A note to yourself
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// A tag of your own; repeat or comma-separate for several
    #[arg(long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ContactsArgs {
    #[command(subcommand)]
    pub command: Option<ContactsCommand>,

    #[command(flatten)]
    pub list: ListArgs,
}

// Parsed once per run, so the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// List supporters: active and paused ones unless --all or --status says otherwise
    List(ListArgs),

    /// Show everything recorded about one supporter
    Show(NameArg),

    /// Change a supporter's details
    ///
    /// Any `add` flag sets that field (--gives and --tag replace the whole list);
    /// --add-gives, --remove-gives, --add-tag and --remove-tag change part of a list;
    /// --clear empties a field.
    Edit(EditArgs),

    /// Pause a tie: a boundary while you limit contact; they stay in your map
    Pause(PauseArgs),

    /// Make a paused, archived or avoided supporter active again
    Resume(NameArg),

    /// Archive a supporter you are no longer in touch with; history is kept (and a pause
    /// reason, unless --reason gives another)
    Archive(PauseArgs),

    /// Record someone you keep away from (an ex-partner, an old using friend): not a
    /// supporter, never counted, listed in your safety plan; `resume` undoes it
    Avoid(PauseArgs),

    /// Delete a supporter and everything recorded about them
    Remove(RemoveArgs),
}

#[derive(Debug, Args, Default)]
pub struct ListArgs {
    /// Only this category
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<Category>,

    /// Only supporters who give this
    #[arg(long, value_name = "FUNCTION")]
    pub gives: Option<Function>,

    /// Only this circle
    #[arg(long, value_name = "CIRCLE")]
    pub circle: Option<Circle>,

    /// Only crisis contacts
    #[arg(long)]
    pub crisis: bool,

    /// Only this status: active, paused or archived
    #[arg(long, value_name = "STATUS")]
    pub status: Option<Status>,

    /// Only supporters with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Include archived supporters
    #[arg(long)]
    pub all: bool,

    /// The network as it stood then (a date, a span back such as 4w, or last-review)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct NameArg {
    /// The supporter's name, in any case, or the start of it
    pub name: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The supporter's name, in any case, or the start of it
    pub name: String,

    /// Give them a new name
    #[arg(long, value_name = "NAME")]
    pub rename: Option<String>,

    #[command(flatten)]
    pub fields: Fields,

    /// No longer a crisis contact
    #[arg(long, conflicts_with_all = ["crisis", "crisis_order"])]
    pub no_crisis: bool,

    /// Add to what they give, keeping the rest
    #[arg(long, value_name = "FUNCTIONS", value_delimiter = ',')]
    pub add_gives: Vec<Function>,

    /// Remove from what they give, keeping the rest
    #[arg(long, value_name = "FUNCTIONS", value_delimiter = ',')]
    pub remove_gives: Vec<Function>,

    /// Add tags, keeping the rest
    #[arg(long, value_name = "TAG", value_delimiter = ',')]
    pub add_tag: Vec<String>,

    /// Remove tags, keeping the rest
    #[arg(long, value_name = "TAG", value_delimiter = ',')]
    pub remove_tag: Vec<String>,

    /// Empty a field: role, gives, phone, email, contact, crisis, crisis-order,
    /// available, every, since, note, tags
    #[arg(long, value_name = "FIELD", value_delimiter = ',')]
    pub clear: Vec<Field>,
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// The supporter's name, in any case, or the start of it
    pub name: String,

    /// Why, for your own records
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The supporter's name, in any case, or the start of it
    pub name: String,

    /// Remove without asking (needed when there is no terminal to ask on)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    #[command(subcommand)]
    pub command: Option<CheckinCommand>,

    #[command(flatten)]
    pub add: CheckinAddArgs,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum CheckinCommand {
    /// Log a contact with one or more supporters (one check-in each, saved together)
    Add(CheckinAddArgs),

    /// Past check-ins, newest first
    List(CheckinListArgs),

    /// Who you are due to reach by the rhythm you set (`--every`), most overdue first
    Due(DueArgs),

    /// Take back the last check-in change: one logged (all of it, if it named several
    /// people), or one removed
    Undo(ConfirmArgs),

    /// Remove one older check-in by its id (`checkin list --json` shows ids)
    Remove(CheckinRemoveArgs),
}

#[derive(Debug, Args)]
pub struct CheckinAddArgs {
    /// Who you were in touch with (any case, or the start of a name)
    pub names: Vec<String>,

    /// How: call, text, in-person, video, meeting or message
    #[arg(long, value_name = "HOW", default_value = "call")]
    pub via: Via,

    /// When it happened [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// Who reached out: me or them
    #[arg(long, value_name = "WHO", default_value = "me")]
    pub by: By,

    /// How you felt afterwards, 1 (low) to 10 (good)
    #[arg(long, value_name = "1-10", value_parser = parse_mood, allow_hyphen_values = true)]
    pub mood: Option<u8>,

    /// A note to yourself
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// A check-in with nobody in particular: a meeting on your own, a self check-in
    #[arg(long, conflicts_with = "names")]
    pub solo: bool,
}

#[derive(Debug, Args)]
pub struct CheckinListArgs {
    /// Only check-ins with this supporter
    pub name: Option<String>,

    /// Only from this time on (also a span back from now: 2w, 3d)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only up to this time
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,

    /// Only this way of contact
    #[arg(long, value_name = "HOW")]
    pub via: Option<Via>,

    /// At most this many, newest first (20 by default)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// Every check-in that matches (no limit)
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Also list those due within this many days: 0 (today, the default), 3d, 1w
    #[arg(long, value_name = "DAYS", value_parser = parse_days, default_value = "0")]
    pub within: u32,

    /// Exit with 1 when anyone is due, 0 when nobody is (for cron and scripts)
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// Go ahead without asking (needed when there is no terminal to ask on)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CheckinRemoveArgs {
    /// The check-in's id
    #[arg(value_parser = parse_id, allow_hyphen_values = true)]
    pub id: i64,

    /// Go ahead without asking (needed when there is no terminal to ask on)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    #[command(subcommand)]
    pub command: Option<GapsCommand>,

    #[command(flatten)]
    pub show: GapsShowArgs,
}

#[derive(Debug, Args)]
pub struct GapsShowArgs {
    /// Show every gap, dismissed and snoozed ones too (marked, with your reason)
    #[arg(long)]
    pub all: bool,

    /// Exit with 1 when a gap (not dismissed) is at or above this severity:
    /// critical, warning or info
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    /// The gaps as they stood then (a date, a span back such as 4w, or last-review)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GapsCommand {
    /// Hide a gap you have decided not to fill (a rhythm reminder is snoozed instead)
    Dismiss(DismissArgs),

    /// Bring back a dismissed or snoozed gap
    Restore(RestoreArgs),

    /// Hide a gap for a while; it comes back on its own
    Snooze(SnoozeArgs),
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The gap's id, as `supportmap gaps` shows it (or the start of it)
    pub id: String,

    /// For how long: 3d, 2w, 30 (days)
    #[arg(long = "for", value_name = "DAYS", value_parser = parse_days, conflicts_with = "until")]
    pub days: Option<u32>,

    /// Until this day (YYYY-MM-DD, or a weekday)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Why, for your own records
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct DismissArgs {
    /// The gap's id, as `supportmap gaps` shows it (or the start of it)
    pub id: String,

    /// Why, for your own records
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The gap's id, as `supportmap gaps --all` shows it
    pub id: String,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: Option<PlanCommand>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add a line at the end of a section
    Add(PlanAddArgs),

    /// Remove line N of a section
    Remove(PlanLineArgs),

    /// Move line N of a section to place M
    Move(PlanMoveArgs),

    /// Mark the plan as reviewed today
    Review,

    /// Write the whole plan as one printable page
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct PlanAddArgs {
    /// warning-signs, coping, distractions, reasons or safe-environment
    #[arg(value_parser = parse_section)]
    pub section: Section,

    /// What to write (several words need no quotes); on a terminal, asked for when left
    /// out
    #[arg(num_args = 0..)]
    pub text: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanLineArgs {
    /// warning-signs, coping, distractions, reasons or safe-environment
    #[arg(value_parser = parse_section)]
    pub section: Section,

    /// The line's number, from 1, as `supportmap plan` shows it
    pub number: u32,
}

#[derive(Debug, Args)]
pub struct PlanMoveArgs {
    /// warning-signs, coping, distractions, reasons or safe-environment
    #[arg(value_parser = parse_section)]
    pub section: Section,

    /// The line to move
    pub from: u32,

    /// Where it goes
    pub to: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Text,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// text, markdown or html [default: from the --out file's extension (.md, .html),
    /// otherwise text]
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<ExportFormat>,

    /// Write to this file (created private to you) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Whose plan it is, in its title [default: the `name` setting]
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
}

/// The extension of an `--out` file, in lower case.
/// The `--out` file's extension, looking through a final `.age` (`map.json.age`).
fn extension(out: Option<&std::path::Path>) -> Option<String> {
    crate::format::sealed::inner_name(out?)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
}

impl ExportArgs {
    /// `--format`, or the one the `--out` file's extension names, or text.
    pub fn format(&self) -> ExportFormat {
        self.format
            .unwrap_or_else(|| match extension(self.out.as_deref()).as_deref() {
                Some("md" | "markdown") => ExportFormat::Markdown,
                Some("html" | "htm") => ExportFormat::Html,
                _ => ExportFormat::Text,
            })
    }
}

impl MapArgs {
    /// `--format`, or the one the `--out` file's extension names, or text.
    pub fn format(&self) -> MapFormat {
        self.format
            .unwrap_or_else(|| match extension(self.out.as_deref()).as_deref() {
                Some("svg") => MapFormat::Svg,
                Some("dot" | "gv") => MapFormat::Dot,
                Some("mmd" | "mermaid") => MapFormat::Mermaid,
                Some("json") => MapFormat::Json,
                _ => MapFormat::Text,
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    Text,
    Svg,
    Dot,
    Mermaid,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapBy {
    Circle,
    Category,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// text, svg, dot, mermaid or json (--json is the same as --format json)
    /// [default: from the --out file's extension (.svg, .dot, .gv, .mmd, .json),
    /// otherwise text]
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<MapFormat>,

    /// For the text map: group by circle (nested, the default) or by category (the other
    /// formats show circles and categories together)
    #[arg(long, value_enum, ignore_case = true)]
    pub by: Option<MapBy>,

    /// Write to this file (created private to you) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "out")]
    pub force: bool,

    /// The network as it stood then (a date, a span back such as 4w, or last-review)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// The name at the centre of the map [default: the `name` setting, or "me"]
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,

    /// Mark who is new, who moved circle and who left since then (a date, a span back
    /// such as 4w, or last-review); for the SVG map and JSON
    #[arg(
        long,
        visible_alias = "since",
        value_name = "WHEN",
        conflicts_with = "at"
    )]
    pub compare: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// A note to remember this review by
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendsBy {
    Week,
    Month,
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// From this time on (a date, or a span back such as 90d, 6mo, 1y) [default: 90d]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Count check-ins per week or per month [default: week, or month beyond 26 weeks]
    #[arg(long, value_enum, ignore_case = true)]
    pub by: Option<TrendsBy>,
}

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// Keep no plain crisis card beside the map (on a terminal, supportmap asks)
    #[arg(long, conflicts_with = "plain_card")]
    pub no_plain_card: bool,

    /// Keep a plain crisis card beside the map without asking (the default)
    #[arg(long)]
    pub plain_card: bool,
}

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// The new passphrase, from the first line of FILE (yours alone, mode 0600); without
    /// it, supportmap asks twice on a terminal
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What changed since when: a date, a span back such as 4w, or last-review
    /// [default: last-review, or 30 days before the first]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Write to this file (created private to you) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Names become initials; numbers, contact details, roles, hours, notes, the plan's
    /// words and the recovery date are left out
    #[arg(long)]
    pub redact: bool,

    /// Whose report it is [default: the `name` setting]
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy [default: a dated file in the backups folder beside the map]
    pub file: Option<PathBuf>,

    /// Replace FILE if it exists (on a terminal, supportmap asks)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreBackupArgs {
    /// The backup to put in place of the map
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    Json,
    Csv,
    #[value(alias = "vcf")]
    Vcard,
    #[value(alias = "ical", alias = "icalendar")]
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvWhat {
    Supporters,
    Checkins,
}

#[derive(Debug, Args)]
pub struct DataExportArgs {
    /// json, csv, vcard or ics [default: from the --out file's extension, otherwise json]
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<DataFormat>,

    /// Write to this file (created private to you) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "out")]
    pub force: bool,

    /// For CSV: supporters (the default) or checkins
    #[arg(long, value_enum, ignore_case = true)]
    pub what: Option<CsvWhat>,

    /// Leave out what identifies anyone: names become initials; numbers, emails, contact
    /// details, roles, hours and notes are left out
    #[arg(long)]
    pub redact: bool,

    /// Write the export readable by anyone who has the file, although the map is
    /// encrypted (without it, an encrypted map's export is encrypted with its passphrase,
    /// in age's format)
    #[arg(long)]
    pub plain: bool,

    /// For vCard: only the crisis contacts, in the order to call them
    #[arg(long)]
    pub crisis: bool,

    /// For vCard: 3 (the default; read by every phone) or 4
    #[arg(long, value_name = "3|4", value_parser = clap::value_parser!(u8).range(3..=4))]
    pub vcard_version: Option<u8>,
}

impl DataExportArgs {
    /// `--format`, or the one the `--out` file's extension names, or JSON.
    pub fn format(&self) -> DataFormat {
        self.format
            .unwrap_or_else(|| match extension(self.out.as_deref()).as_deref() {
                Some("csv") => DataFormat::Csv,
                Some("vcf" | "vcard") => DataFormat::Vcard,
                Some("ics" | "ical") => DataFormat::Ics,
                _ => DataFormat::Json,
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Json,
    Csv,
    #[value(alias = "vcf")]
    Vcard,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read (`-` for standard input)
    pub file: PathBuf,

    /// json, csv or vcard [default: from the file's extension, else from its first line]
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<ImportFormat>,

    /// Say what would be added, updated and left as it is, and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// For vCard: the category for everyone in the file (on a terminal without it,
    /// supportmap asks for each person)
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<Category>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only changes from this time on (also a span back: 2w, 3d)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// At most this many (20 by default)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// Show every change (no limit)
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,

    /// Drop the entries from before this date, for good (says first what will go)
    #[arg(long, value_name = "DATE")]
    pub prune_before: Option<String>,

    /// Prune without asking (needed when there is no terminal to ask on)
    #[arg(long, short = 'y', requires = "prune_before")]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// From when: a date, a span back from now (4w, 30d), or last-review
    #[arg(long, value_name = "WHEN")]
    pub since: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum, ignore_case = true)]
    pub shell: CompletionShell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command's own page, such as `add` or `contacts edit` (the main page without)
    pub command: Vec<String>,

    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// name, country or recovery-date (all of them when left out)
    pub key: Option<Key>,

    /// The new value
    pub value: Option<String>,

    /// Clear the setting
    #[arg(long, requires = "key", conflicts_with = "value")]
    pub unset: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Also write the sample network's picture to this SVG file
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,

    /// Replace the --svg file if it exists (on a terminal, supportmap asks)
    #[arg(long, requires = "svg")]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn gives_accepts_commas_repeats_and_aliases() {
        let cli = Cli::try_parse_from([
            "supportmap",
            "add",
            "Jo",
            "--category",
            "mentor",
            "--gives",
            "listening,advice",
            "--gives",
            "crisis",
        ])
        .unwrap();
        let Command::Add(add) = cli.command else {
            panic!("parsed as another command")
        };
        assert_eq!(add.fields.category, Some(Category::Sponsor));
        assert_eq!(
            add.fields.gives,
            vec![Function::Emotional, Function::Advice, Function::Crisis]
        );
    }

    #[test]
    fn bad_words_are_usage_errors() {
        for args in [
            &["supportmap", "add", "Jo", "--category", "frend"][..],
            &["supportmap", "add", "Jo", "--circle", "innermost"],
            &["supportmap", "add", "Jo", "--every", "often"],
            &["supportmap", "add", "Jo", "--since", "last year"],
            &[
                "supportmap",
                "contacts",
                "edit",
                "Jo",
                "--crisis",
                "--no-crisis",
            ],
        ] {
            let err = Cli::try_parse_from(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn contacts_alone_means_list() {
        let cli = Cli::try_parse_from(["supportmap", "contacts", "--crisis"]).unwrap();
        let Command::Contacts(contacts) = cli.command else {
            panic!("parsed as another command")
        };
        assert!(contacts.command.is_none());
        assert!(contacts.list.crisis);
    }
}
