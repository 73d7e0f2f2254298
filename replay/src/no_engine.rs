//! Stand-ins used when the crate is built without the `engine` feature: the binary
//! then only runs with the hidden `--digest-engine` test aid.

use crate::check::CheckList;
use crate::cli::{Args, Command, Outcome};
use crate::error::ReplayError;
use crate::source::BlockSource;

pub fn drive_engine(
    _args: &Args,
    _source: &mut BlockSource,
    _check: Option<&CheckList>,
) -> Result<Outcome, ReplayError> {
    Err(ReplayError::Usage("this replay was built without the BNS engine (feature `engine`)".to_string()))
}

pub fn query_state(_rows: &dyn crate::store::StateReader, _query: &Command) -> Result<String, ReplayError> {
    Err(ReplayError::Usage("this replay was built without the BNS engine (feature `engine`)".to_string()))
}
