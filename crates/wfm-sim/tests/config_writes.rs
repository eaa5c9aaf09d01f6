//! InsertUser / UpdateUser / DeleteCfgObject change the simulator's store and report business
//! errors in `CfgValidationHolder`.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use common::{bounded, connect, start};
use wfm_sdk::constants::ECfgObjectType;
use wfm_sdk::generated::wfm_config_service850::{
    CfgUser, CfgValidationHolder, DeleteCfgObject, InsertUser, UpdateUser,
};
use wfm_sim::SimConfig;
use wfm_sim::numbering::OBJECT_USER;

fn user(id: i32, name: &str, role: i32, email: &str) -> CfgUser {
    CfgUser {
        gsw_user_id: id,
        wm_user: name.into(),
        wm_timezone_id: 1,
        wm_security_role_id: role,
        gsw_first_name: "Test".into(),
        gsw_last_name: "User".into(),
        gsw_email: email.into(),
        gsw_tenant_id: 1,
        ..Default::default()
    }
}

fn insert(user: CfgUser) -> InsertUser {
    InsertUser {
        user,
        ..Default::default()
    }
}

fn update(user: CfgUser) -> UpdateUser {
    UpdateUser {
        user,
        ..Default::default()
    }
}

fn delete(object_type: ECfgObjectType, id: i32) -> DeleteCfgObject {
    DeleteCfgObject {
        object_id: id,
        ..DeleteCfgObject::new(object_type)
    }
}

fn assert_error(v: &CfgValidationHolder, needle: &str) {
    assert!(!v.success, "expected a business error, got {v:?}");
    assert_eq!(v.object_id, 0);
    assert!(
        v.error_array.iter().any(|e| e.contains(needle)),
        "no error containing {needle:?} in {:?}",
        v.error_array
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_writes_and_their_validation_errors() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        let config = wfm.config().unwrap();
        let store = sim.simulator();

        // Insert: success, stored, id chosen by the simulator.
        let ok = config
            .insert_user(&insert(user(0, "new.scheduler", 13, "ns@example.com")))
            .await
            .unwrap();
        assert!(ok.success, "{ok:?}");
        assert!(ok.error_array.is_empty() && ok.warning_array.is_empty());
        let id = ok.object_id;
        assert!(id > 0);
        let stored = store.user(id).unwrap();
        assert_eq!(stored.wm_user, "new.scheduler");
        assert!(
            !stored.wm_user_security.is_empty(),
            "security from the role"
        );

        // Insert without e-mail: success with a warning.
        let warned = config
            .insert_user(&insert(user(0, "no.mail", 14, "")))
            .await
            .unwrap();
        assert!(warned.success);
        assert_eq!(warned.warning_array.len(), 1);

        // Business errors: duplicate name (any case), duplicate id, unknown role, empty name.
        let dup = config
            .insert_user(&insert(user(0, "NEW.Scheduler", 13, "x@example.com")))
            .await
            .unwrap();
        assert_error(&dup, "already exists");
        let dup_id = config
            .insert_user(&insert(user(id, "other", 13, "x@example.com")))
            .await
            .unwrap();
        assert_error(&dup_id, &format!("ID {id}"));
        let bad_role = config
            .insert_user(&insert(user(0, "role.less", 99, "x@example.com")))
            .await
            .unwrap();
        assert_error(&bad_role, "Security role 99");
        let two = config
            .insert_user(&insert(user(0, "  ", 99, "x@example.com")))
            .await
            .unwrap();
        assert_eq!(two.error_array.len(), 2, "every error is reported: {two:?}");
        assert!(store.org().users.values().all(|u| u.wm_user != "role.less"));

        // Update: rename, then the errors.
        let mut renamed = user(id, "renamed.scheduler", 12, "rs@example.com");
        let updated = config.update_user(&update(renamed.clone())).await.unwrap();
        assert!(updated.success, "{updated:?}");
        assert_eq!(updated.object_id, id);
        let stored = store.user(id).unwrap();
        assert_eq!(stored.wm_user, "renamed.scheduler");
        assert_eq!(stored.wm_security_role_id, 12);
        let unknown = config
            .update_user(&update(user(424_242, "ghost", 12, "g@example.com")))
            .await
            .unwrap();
        assert_error(&unknown, "does not exist");
        let taken = config
            .update_user(&update(user(id, "supervisor", 12, "x@example.com")))
            .await
            .unwrap();
        assert_error(&taken, "already exists");
        renamed.timestamp = stored.timestamp + 100;
        let stale = config.update_user(&update(renamed.clone())).await.unwrap();
        assert_error(&stale, "changed by someone else");
        renamed.timestamp = stored.timestamp;
        assert!(config.update_user(&update(renamed)).await.unwrap().success);

        // Delete: wrong type, unknown id, built-in account, then success.
        let user_type = OBJECT_USER;
        let wrong_type = config
            .delete_cfg_object(&delete(ECfgObjectType::new(1), id))
            .await
            .unwrap();
        assert_error(&wrong_type, "not supported");
        let unknown = config
            .delete_cfg_object(&delete(user_type, 424_242))
            .await
            .unwrap();
        assert_error(&unknown, "does not exist");
        let builtin = config
            .delete_cfg_object(&delete(user_type, 501))
            .await
            .unwrap();
        assert_error(&builtin, "built-in");
        let deleted = config
            .delete_cfg_object(&delete(user_type, id))
            .await
            .unwrap();
        assert!(deleted.success);
        assert_eq!(deleted.object_id, id);
        assert!(store.user(id).is_none());
        let again = config
            .delete_cfg_object(&delete(user_type, id))
            .await
            .unwrap();
        assert_error(&again, "does not exist");

        wfm.close().await.unwrap();
    })
    .await;
}
