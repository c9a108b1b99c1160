import DepartmentBox from './department-box';

/** bpmn-js module: edit `tongban:department` (and time limit) of user tasks on the canvas. */
export default {
  __init__: ['departmentBox'],
  departmentBox: ['type', DepartmentBox],
};
