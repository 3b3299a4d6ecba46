//! The portal's password validator, exactly: ASP.NET Identity's `PasswordValidator` checks then
//! the portal's 3-of-4 rule (`CrmPasswordValidator`), in the runtime's order and with its messages
//! (reference §5). Character classes are ASCII only; anything else counts as "special".

use serde::{Deserialize, Serialize};
use specta::Type;

use super::catalogue::*;
use super::effective::Settings;

/// The password rules a portal enforces, from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PasswordPolicy {
    pub required_length: i32,
    pub require_non_letter_or_digit: bool,
    pub require_digit: bool,
    pub require_lowercase: bool,
    pub require_uppercase: bool,
    /// Characters from at least three of: uppercase, lowercase, digit, non-alphanumeric.
    pub enforce_password_policy: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self::from_settings(&Settings::new(Vec::new()))
    }
}

impl PasswordPolicy {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            required_length: settings.int(PASSWORD_REQUIRED_LENGTH).unwrap_or(8),
            require_non_letter_or_digit: settings.bool(PASSWORD_REQUIRE_NON_LETTER_OR_DIGIT),
            require_digit: settings.bool(PASSWORD_REQUIRE_DIGIT),
            require_lowercase: settings.bool(PASSWORD_REQUIRE_LOWERCASE),
            require_uppercase: settings.bool(PASSWORD_REQUIRE_UPPERCASE),
            enforce_password_policy: settings.bool(PASSWORD_ENFORCE_POLICY),
        }
    }
}

/// One of the validator's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PasswordRule {
    Length,
    NonLetterOrDigit,
    Digit,
    Lowercase,
    Uppercase,
    ThreeOfFourClasses,
}

/// How one check went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PasswordCheck {
    pub rule: PasswordRule,
    /// Whether the portal applies this check under its settings.
    pub applies: bool,
    pub passed: bool,
    /// What the rule asks, for people.
    pub requirement: String,
    /// The runtime's error text when the check applies and fails.
    pub message: Option<String>,
}

/// The verdict on one candidate password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PasswordReport {
    pub accepted: bool,
    /// Every check, in the runtime's order.
    pub checks: Vec<PasswordCheck>,
    /// The one error string the portal shows (failures joined with a space), when rejected.
    pub error: Option<String>,
    /// UTF-16 code units, as .NET counts length.
    pub length: usize,
    /// Which of the four classes the password has.
    pub classes: CharacterClasses,
    pub policy: PasswordPolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CharacterClasses {
    pub uppercase: bool,
    pub lowercase: bool,
    pub digit: bool,
    pub non_letter_or_digit: bool,
}

impl CharacterClasses {
    pub fn of(password: &str) -> Self {
        let mut c = Self { uppercase: false, lowercase: false, digit: false, non_letter_or_digit: false };
        for ch in password.chars() {
            match ch {
                'A'..='Z' => c.uppercase = true,
                'a'..='z' => c.lowercase = true,
                '0'..='9' => c.digit = true,
                _ => c.non_letter_or_digit = true,
            }
        }
        c
    }

    pub fn count(self) -> usize {
        [self.uppercase, self.lowercase, self.digit, self.non_letter_or_digit].iter().filter(|b| **b).count()
    }
}

/// `Passwords must have at least one {0}.`
fn must_have(what: &str) -> String {
    format!("Passwords must have at least one {what}.")
}

pub const THREE_OF_FOUR_MESSAGE: &str = "Passwords must contain characters from at least three of the following four classes: uppercase, lowercase, digit, and non-alphanumeric (special).";

/// Runs the portal's validator on `password`.
pub fn evaluate(policy: &PasswordPolicy, password: &str) -> PasswordReport {
    let length = password.encode_utf16().count();
    let classes = CharacterClasses::of(password);
    let too_short = password.trim().is_empty() || (length as i64) < i64::from(policy.required_length);
    let check = |rule, applies: bool, passed: bool, requirement: String, message: String| PasswordCheck {
        rule,
        applies,
        passed: !applies || passed,
        requirement,
        message: (applies && !passed).then_some(message),
    };
    let checks = vec![
        check(
            PasswordRule::Length,
            true,
            !too_short,
            format!("At least {} characters", policy.required_length),
            format!("Passwords must be at least {} characters.", policy.required_length),
        ),
        check(
            PasswordRule::NonLetterOrDigit,
            policy.require_non_letter_or_digit,
            classes.non_letter_or_digit,
            "A character that is not an ASCII letter or digit".into(),
            must_have("non letter and non digit character"),
        ),
        check(
            PasswordRule::Digit,
            policy.require_digit,
            classes.digit,
            "A digit ('0'-'9')".into(),
            must_have("digit ('0'-'9')"),
        ),
        check(
            PasswordRule::Lowercase,
            policy.require_lowercase,
            classes.lowercase,
            "A lowercase letter ('a'-'z')".into(),
            must_have("lowercase ('a'-'z')"),
        ),
        check(
            PasswordRule::Uppercase,
            policy.require_uppercase,
            classes.uppercase,
            "An uppercase letter ('A'-'Z')".into(),
            must_have("uppercase ('A'-'Z')"),
        ),
        check(
            PasswordRule::ThreeOfFourClasses,
            policy.enforce_password_policy,
            classes.count() >= 3,
            "Three of: uppercase, lowercase, digit, non-alphanumeric".into(),
            THREE_OF_FOUR_MESSAGE.into(),
        ),
    ];
    let messages: Vec<&str> = checks.iter().filter_map(|c| c.message.as_deref()).collect();
    PasswordReport {
        accepted: messages.is_empty(),
        error: (!messages.is_empty()).then(|| messages.join(" ")),
        checks,
        length,
        classes,
        policy: *policy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::effective::SiteSetting;

    fn strict() -> PasswordPolicy {
        PasswordPolicy {
            required_length: 10,
            require_non_letter_or_digit: true,
            require_digit: true,
            require_lowercase: true,
            require_uppercase: true,
            enforce_password_policy: true,
        }
    }

    #[test]
    fn the_default_policy_is_eight_characters_from_three_classes() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.required_length, 8);
        assert!(policy.enforce_password_policy && !policy.require_digit);
        assert!(evaluate(&policy, "Password1").accepted);
        let report = evaluate(&policy, "password1");
        assert_eq!(report.error.as_deref(), Some(THREE_OF_FOUR_MESSAGE));
    }

    #[test]
    fn failures_are_joined_in_the_runtime_order_with_its_exact_messages() {
        let report = evaluate(&strict(), "abc");
        assert!(!report.accepted);
        assert_eq!(
            report.error.as_deref(),
            Some(
                "Passwords must be at least 10 characters. \
                 Passwords must have at least one non letter and non digit character. \
                 Passwords must have at least one digit ('0'-'9'). \
                 Passwords must have at least one uppercase ('A'-'Z'). \
                 Passwords must contain characters from at least three of the following four classes: uppercase, lowercase, digit, and non-alphanumeric (special)."
            )
        );
        // The lowercase rule's own message, when it is the only one broken.
        let report = evaluate(&strict(), "ABCDEFGHIJ1!");
        assert_eq!(report.error.as_deref(), Some("Passwords must have at least one lowercase ('a'-'z')."));
    }

    #[test]
    fn accented_greek_and_cyrillic_letters_count_as_special_characters() {
        let classes = CharacterClasses::of("éΩж");
        assert!(classes.non_letter_or_digit && !classes.lowercase && !classes.uppercase);
        let policy = PasswordPolicy { required_length: 6, ..PasswordPolicy::default() };
        assert!(evaluate(&policy, "пароль12a").accepted, "Cyrillic (special) + digit + lowercase is three classes");
        assert!(!evaluate(&policy, "парольпароль").accepted, "one class only");
    }

    #[test]
    fn whitespace_only_is_too_short_and_length_counts_utf16_units() {
        let policy = PasswordPolicy { required_length: 2, enforce_password_policy: false, ..PasswordPolicy::default() };
        assert!(!evaluate(&policy, "   ").accepted);
        assert_eq!(evaluate(&policy, "😀").length, 2, "one emoji is two UTF-16 units");
        assert!(evaluate(&policy, "😀").accepted);
    }

    #[test]
    fn the_policy_follows_the_portal_settings() {
        let settings = Settings::new(vec![
            SiteSetting::new(PASSWORD_REQUIRED_LENGTH, Some("12".into())),
            SiteSetting::new(PASSWORD_ENFORCE_POLICY, Some("False".into())),
            SiteSetting::new(PASSWORD_REQUIRE_DIGIT, Some("true".into())),
        ]);
        let policy = PasswordPolicy::from_settings(&settings);
        assert_eq!(policy.required_length, 12);
        assert!(!policy.enforce_password_policy && policy.require_digit);
        let report = evaluate(&policy, "longpasswordx");
        assert_eq!(report.error.as_deref(), Some("Passwords must have at least one digit ('0'-'9')."));
        let skipped = report.checks.iter().find(|c| c.rule == PasswordRule::ThreeOfFourClasses).unwrap();
        assert!(!skipped.applies && skipped.passed);
    }
}
