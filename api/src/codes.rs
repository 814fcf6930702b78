//! Enums that travel as snake_case codes (`"pin_format"`, `"not_found"`), each variant
//! and its code written once by [`wire_codes!`].

/// Declares a fieldless enum whose variants travel as snake_case codes: serde writes the
/// code (`rename_all`), and `ALL`, `code()` and `parse()` come from the same list. Each
/// enum's tests check the codes against serde's. Reading is left to the enum: some take
/// an unknown code as a catch-all, others refuse it.
macro_rules! wire_codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$attr:meta])* $variant:ident = $code:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$attr])* $variant,)*
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code on the wire.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// The value of a wire code, if it is one.
            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|value| value.code() == code)
            }
        }
    };
}

/// Checks that every value of a [`wire_codes!`] enum that serde also reads travels as
/// its code both ways, and that `parse` finds it by its code.
#[cfg(test)]
pub(crate) fn assert_codes_round_trip<T>(all: &[T], code: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
where
    T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    for &value in all {
        assert_eq!(parse(code(value)), Some(value));
        assert_eq!(serde_json::to_value(value).unwrap(), code(value));
        assert_eq!(serde_json::from_value::<T>(code(value).into()).unwrap(), value);
    }
}
