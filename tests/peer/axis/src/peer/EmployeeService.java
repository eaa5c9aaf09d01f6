package peer;

import java.rmi.RemoteException;

/**
 * The Axis 1 peer (rpc/encoded): each operation returns a graph that SOAP 1.1 section 5
 * encoding writes with multiRef elements and href references. The values are fixed so the
 * recordings are reproducible; tests/peer/axis/README.md lists what each one exercises.
 */
public class EmployeeService {

    /** Ada manages Bob and Cy: the array's items and both managers point at one object. */
    public Employee[] getEmployees() {
        Employee ada = new Employee("Ada", 1, 9000.5, new String[] {"lead", "founder"}, null);
        Employee bob = new Employee("Bob", 2, 4200.25, new String[] {}, ada);
        Employee cy = new Employee("Cy", 3, 3900.0, null, ada);
        return new Employee[] {ada, bob, cy};
    }

    /** The same Employee as lead, deputy and first member: one object, three references. */
    public Team getTeam() {
        Employee ada = new Employee("Ada", 1, 9000.5, new String[] {"lead"}, null);
        Employee bob = new Employee("Bob", 2, 4200.25, new String[] {"dev"}, ada);
        Team team = new Team();
        team.setName("Core");
        team.setLead(ada);
        team.setDeputy(ada);
        team.setMembers(new Employee[] {ada, bob});
        return team;
    }

    /** A two-dimensional, jagged array (Axis writes an array of arrays). */
    public int[][] getMatrix() {
        return new int[][] {{1, 2, 3}, {4, 5, 6}, {7}};
    }

    /** Strings including a null item, an empty string and characters XML escapes. */
    public String[] getNames() {
        return new String[] {"Ada", null, "", "Bob & <Cy>"};
    }

    /** Ada and Bob manage each other: a cycle, which a tree-shaped decoder must report. */
    public Employee getCycle() {
        Employee ada = new Employee("Ada", 1, 9000.5, null, null);
        Employee bob = new Employee("Bob", 2, 4200.25, null, ada);
        ada.setManager(bob);
        return ada;
    }

    /** Returns what it read: shows how Axis decodes an encoded array-of-structs request. */
    public Employee[] echoEmployees(Employee[] employees) {
        return employees;
    }

    /** Only id 1 exists; any other id is a fault (Axis's userException fault). */
    public Employee findEmployee(int id) throws RemoteException {
        if (id != 1) {
            throw new RemoteException("no employee with id " + id);
        }
        return new Employee("Ada", 1, 9000.5, new String[] {"lead"}, null);
    }
}
