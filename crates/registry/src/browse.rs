//! Reading and changing the registry for the app's screens: searchable lists, one workshop with
//! its majors and figures, deletions that say what goes with them.
